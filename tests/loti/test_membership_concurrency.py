"""Two administrators acting at once still leave the organisation an administrator."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from loti.accounts import services
from loti.accounts.models import Membership, Organisation
from loti.api.errors import ApplicationError, Conflict
from tests.factories import OrganisationFactory, member_of


def in_another_connection(
    work: Callable[[], object],
) -> tuple[threading.Thread, list[ApplicationError | None]]:
    """Start `work` in a thread, so in its own database connection and transaction."""
    outcome: list[ApplicationError | None] = []

    def run() -> None:
        try:
            work()
            outcome.append(None)
        except ApplicationError as error:
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.fixture
def organisation(transactional_db: None) -> Organisation:
    return OrganisationFactory.create()


@pytest.mark.parametrize("second_change", ["demote", "remove"])
def test_admins_removing_each_other_at_once_leave_one_admin(
    organisation: Organisation, second_change: str
):
    ann = member_of(organisation, role=Membership.Role.ADMIN)
    ben = member_of(organisation, role=Membership.Role.ADMIN)
    ann_membership = Membership.objects.get(user=ann)
    ben_membership = Membership.objects.get(user=ben)

    def ben_removes_ann() -> object:
        if second_change == "demote":
            return services.membership_role_change(
                acting_user=ben, membership=ann_membership, role=Membership.Role.MEMBER
            )
        return services.membership_end(acting_user=ben, membership=ann_membership)

    with transaction.atomic():
        services.membership_role_change(
            acting_user=ann, membership=ben_membership, role=Membership.Role.MEMBER
        )
        thread, outcome = in_another_connection(ben_removes_ann)
        # Hold Ann's change uncommitted while Ben's runs: Ben still looks like an
        # administrator to it, and Ann still looks like one too.
        thread.join(timeout=1)
    thread.join(timeout=10)

    assert not thread.is_alive()
    assert len(outcome) == 1
    assert isinstance(outcome[0], Conflict)
    admins = Membership.objects.active().filter(organisation=organisation, role="admin")
    assert list(admins.values_list("user_id", flat=True)) == [ann.pk]
