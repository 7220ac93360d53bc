"""PostgreSQL restarts between two requests (a failover, an upgrade): the app notices
that its persistent connection died and opens a new one, so the second request is
served. The server restarted is a private embedded one, never the machine's."""

from __future__ import annotations

from collections.abc import Callable

from tests.faults.conftest import Gunicorn, PrivatePostgres

Serve = Callable[..., Gunicorn]
SEARCH = "/api/tenders/?search=chatbot"


def app_sessions(postgres: PrivatePostgres) -> int:
    """Sessions the app holds open on its database, besides this one."""
    with postgres.connect() as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_the_app_reconnects_when_postgresql_restarts_between_two_requests(
    serve: Serve, private_postgres: PrivatePostgres
) -> None:
    server = serve()
    assert server.get(SEARCH) == 200
    # The connection outlives the request (CONN_MAX_AGE): the restart will end it.
    assert app_sessions(private_postgres) == 1
    before = private_postgres.postmaster_pid()

    private_postgres.restart()

    assert private_postgres.postmaster_pid() != before
    assert app_sessions(private_postgres) == 0
    assert server.get(SEARCH) == 200
    assert server.get("/healthz") == 200


def test_without_health_checks_the_same_restart_fails_the_next_request(
    serve: Serve, private_postgres: PrivatePostgres
) -> None:
    # The control: CONN_HEALTH_CHECKS is what saves the request above.
    server = serve("tests.faults.settings_without_health_checks")
    assert server.get(SEARCH) == 200

    private_postgres.restart()

    assert server.get(SEARCH) == 500
    assert server.get(SEARCH) == 200  # the failed connection was closed after it
