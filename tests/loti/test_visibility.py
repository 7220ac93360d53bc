"""Note.objects.visible_to(user): who sees which visibility level, in one query."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from guardian.shortcuts import assign_perm

from loti.accounts.models import Membership, Organisation, User
from loti.visibility import Visibility
from tests.factories import OrganisationFactory, SupplierFactory, UserFactory, member_of
from tests.loti.helpers import assert_queries
from tests.tenancy_app.models import Note, NoteQuerySet

PRIVATE, SHARED, NETWORK, PUBLIC = "private", "shared", "network", "public"


@dataclass
class World:
    owner: Organisation
    partner: Organisation
    shared_with: Organisation
    other_borough: Organisation
    supplier: Organisation


@pytest.fixture(autouse=True, params=[False, True], ids=["q-objects", "one-condition"])
def one_condition(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Every rule below holds in both of visible_to's forms: composed Q objects, and the
    one SQL condition hot models use (Project)."""
    monkeypatch.setattr(NoteQuerySet, "one_condition", request.param)
    return bool(request.param)


@pytest.fixture
def world(db: None) -> World:
    """One note at each visibility level, owned by `owner` with `partner` as a further
    owner, and each shared with `shared_with`."""
    w = World(
        owner=OrganisationFactory.create(),
        partner=OrganisationFactory.create(),
        shared_with=OrganisationFactory.create(),
        other_borough=OrganisationFactory.create(),
        supplier=SupplierFactory.create(),
    )
    for visibility in Visibility.values:
        note = Note.objects.create(title=visibility, owner=w.owner, visibility=visibility)
        note.partners.add(w.partner)
        note.shared_with.add(w.shared_with)
    return w


def titles_visible_to(user: User | AnonymousUser) -> set[str]:
    # Whatever the rows, the answer is one SQL query.
    with assert_queries(1):
        notes = list(Note.objects.visible_to(user))
    return {note.title for note in notes}


def note(title: str) -> Note:
    return Note.objects.get(title=title)


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("owner", {PRIVATE, SHARED, NETWORK, PUBLIC}),
        ("partner", {PRIVATE, SHARED, NETWORK, PUBLIC}),
        ("shared_with", {SHARED, NETWORK, PUBLIC}),
        ("other_borough", {NETWORK, PUBLIC}),
        ("supplier", {PUBLIC}),
    ],
)
def test_member_sees_what_their_organisation_may(world: World, viewer: str, expected: set[str]):
    user = member_of(getattr(world, viewer))

    assert titles_visible_to(user) == expected


def test_supplier_does_not_see_network_notes_because_suppliers_are_not_loti_members(
    world: World,
):
    user = member_of(world.supplier)

    assert NETWORK not in titles_visible_to(user)


def test_supplier_sees_a_note_shared_with_their_company(world: World):
    note(SHARED).shared_with.add(world.supplier)

    assert titles_visible_to(member_of(world.supplier)) == {SHARED, PUBLIC}


def test_anonymous_sees_only_public(world: World):
    assert titles_visible_to(AnonymousUser()) == {PUBLIC}


def test_person_with_no_organisation_sees_only_public(world: World):
    assert titles_visible_to(UserFactory.create()) == {PUBLIC}


def test_inactive_owner_sees_only_public(world: World):
    user = member_of(world.owner)
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert titles_visible_to(user) == {PUBLIC}


def test_ended_membership_gives_no_access(world: World):
    user = member_of(world.owner)
    # The group is left in place on purpose: access must follow the membership row.
    Membership.objects.filter(user=user).update(ended_at=timezone.now())

    assert titles_visible_to(user) == {PUBLIC}


def test_ended_partner_membership_gives_no_access(world: World):
    user = member_of(world.partner)
    Membership.objects.filter(user=user).update(ended_at=timezone.now())

    assert titles_visible_to(user) == {PUBLIC}


def test_user_granted_view_on_one_note_sees_that_note(world: World):
    judge = UserFactory.create()
    assign_perm("view_note", judge, note(PRIVATE))

    assert titles_visible_to(judge) == {PRIVATE, PUBLIC}


def test_grant_of_another_permission_does_not_give_view(world: World):
    judge = UserFactory.create()
    assign_perm("change_note", judge, note(PRIVATE))

    assert titles_visible_to(judge) == {PUBLIC}


def test_organisation_granted_view_through_its_group_lets_its_members_see(world: World):
    assign_perm("view_note", world.supplier.group, note(PRIVATE))

    assert titles_visible_to(member_of(world.supplier)) == {PRIVATE, PUBLIC}


def test_organisation_grant_does_not_reach_a_former_member(world: World):
    assign_perm("view_note", world.supplier.group, note(PRIVATE))
    former = member_of(world.supplier)
    Membership.objects.filter(user=former).update(ended_at=timezone.now())

    assert titles_visible_to(former) == {PUBLIC}


def test_grant_does_not_reach_an_inactive_user(world: World):
    judge = UserFactory.create(is_active=False)
    assign_perm("view_note", judge, note(PRIVATE))

    assert titles_visible_to(judge) == {PUBLIC}


def test_each_note_is_listed_once_however_many_ways_it_is_visible(world: World):
    user = member_of(world.owner)
    Membership.objects.create(user=user, organisation=world.partner)
    Membership.objects.create(user=user, organisation=world.shared_with)
    assign_perm("view_note", user, note(SHARED))
    assign_perm("view_note", world.owner.group, note(SHARED))

    notes = list(Note.objects.visible_to(user))

    assert sorted(n.title for n in notes) == sorted(Visibility.values)


def test_visible_to_is_one_query_however_many_rows(world: World):
    user = member_of(world.shared_with)
    for n in range(30):
        extra = Note.objects.create(
            title=f"extra {n}", owner=world.other_borough, visibility=Visibility.values[n % 4]
        )
        extra.shared_with.add(world.shared_with)
        assign_perm("view_note", user, extra)
        assign_perm("view_note", world.shared_with.group, extra)

    with assert_queries(1):
        notes = list(Note.objects.visible_to(user))

    assert len(notes) == 3 + 30


def test_owned_by_lists_own_notes_whatever_their_visibility(world: World):
    user = member_of(world.partner)
    Note.objects.create(title="someone else's", owner=world.other_borough)

    assert {n.title for n in Note.objects.owned_by(user)} == set(Visibility.values)


def test_visible_to_nests_in_a_query_over_the_same_table(world: World):
    # Inside the subquery the notes table has another alias; the rules must follow it.
    user = member_of(world.shared_with)
    Note.objects.create(title="someone else's", owner=world.other_borough)

    nested = Note.objects.filter(pk__in=Note.objects.visible_to(user).values("pk"))

    assert {n.title for n in nested} == {SHARED, NETWORK, PUBLIC}
