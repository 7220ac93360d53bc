"""Schemathesis against /api/schema/, in-process: every operation of the API is called
with requests generated from its own description, by a borough officer and by a
supplier signed in with tokens, on the seeded world (path parameters name its real
objects, so requests reach past the 404). No answer may be a 5xx, and every answer
(status, media type, headers, body) must be one the schema describes.

Each operation gets a few examples per person (EXAMPLES), derandomised, so a run is
short and repeatable; LOTI_FUZZ_EXAMPLES=50 fuzzes harder.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterable
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err, Ok
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from loti.accounts.services import api_token_issue
from tests.security.world import World

EXAMPLES = int(os.environ.get("LOTI_FUZZ_EXAMPLES", "3"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


class InTransactionApp:
    """Django's WSGI handler as the test client runs it: the start and end of a request
    do not close the database connection, which holds the test's transaction. A view's
    exception is kept, so a 500 comes with its traceback."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.errors: list[str] = []
        got_request_exception.connect(self._keep, weak=False)

    def _keep(self, **_: Any) -> None:
        self.errors.append("".join(traceback.format_exception(*sys.exc_info())))

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            body = b"".join(response)
            response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [body]


APP = InTransactionApp()
SCHEMA = schemathesis.openapi.from_wsgi("/api/schema/?format=json", APP)
RESULTS = list(SCHEMA.get_all_operations())
OPERATIONS = {result.ok().label: result.ok() for result in RESULTS if isinstance(result, Ok)}

# The world's objects each person's requests name, by path parameter.
OFFICER_OBJECTS = {
    "project_id": "project",
    "playbook_id": "playbook",
    "adoption_id": "adoption",
    "key": "step",
    "attachment_id": "project_attachment",
    "feedback_id": "feedback",
    "interest_id": "interest",
    "tender_id": "tender_evaluation",
    "question_id": "tender_question",
    "bid_id": "bid",
    "challenge_id": "challenge_judged",
    "entry_id": "round_entry",
    "round_id": "round",
    "slug": "organisation",
    "user_id": "member",
    "invitation_id": "invitation",
    "token": "invitation_token",
    "notification_id": "notification",
}
SUPPLIER_OBJECTS = {
    "tender_id": "tender",
    "question_id": "tender_question",
    "bid_id": "bid_sealed",
    "attachment_id": "bid_sealed_document",
    "challenge_id": "challenge",
    "entry_id": "entry",
    "saved_search_id": "saved_search",
    "slug": "supplier_organisation",
    "project_id": "project_public",
}
PEOPLE = {"owner_officer": OFFICER_OBJECTS, "supplier": SUPPLIER_OBJECTS}


def _path_parameters(label: str, world: World, objects: dict[str, str]) -> dict[str, Any]:
    operation = OPERATIONS[label]
    names = {parameter.name for parameter in operation.path_parameters}
    return {name: world.ids[objects[name]] for name in names if name in objects}


@pytest.mark.parametrize("role", sorted(PEOPLE))
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_the_api_answers_as_its_schema_says(world: World, db: None, label: str, role: str) -> None:
    person = world.person(role)
    assert person is not None
    token = api_token_issue(user=person)
    strategy = OPERATIONS[label].as_strategy(
        path_parameters=_path_parameters(label, world, PEOPLE[role]),
    )
    APP.errors.clear()

    @hypothesis_settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def call(case: Any) -> None:
        response = case.call(headers={"Authorization": f"Token {token}"})
        errors = "\n".join(APP.errors)
        assert response.status_code < 500, errors
        case.validate_response(response, checks=CHECKS)

    call()


# Operations with something to get wrong: a body or a query string.
BREAKABLE = sorted(
    label for label, operation in OPERATIONS.items() if operation.body or operation.query
)


@pytest.mark.parametrize("role", sorted(PEOPLE))
@pytest.mark.parametrize("label", BREAKABLE)
def test_bad_input_never_fails_the_server(world: World, db: None, label: str, role: str) -> None:
    """Bodies and query strings that break the schema (wrong types, missing fields, out
    of range): refused with a 4xx, never a 5xx."""
    person = world.person(role)
    assert person is not None
    token = api_token_issue(user=person)
    strategy = OPERATIONS[label].as_strategy(
        GenerationMode.NEGATIVE,
        path_parameters=_path_parameters(label, world, PEOPLE[role]),
    )
    APP.errors.clear()

    @hypothesis_settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def call(case: Any) -> None:
        response = case.call(headers={"Authorization": f"Token {token}"})
        assert response.status_code < 500, "\n".join(APP.errors)

    call()


def test_every_operation_the_schema_describes_is_fuzzed() -> None:
    assert [str(result.err()) for result in RESULTS if isinstance(result, Err)] == []
    assert len(OPERATIONS) > 100
