"""Every list endpoint's query count, with the expected queries listed: the count
must not grow with the rows."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from challenges import judging, services
from challenges.models import EntryConflict, PanelMember
from tests.challenges.helpers import assert_queries, close, published, submitted_entry
from tests.factories import SupplierFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db


def test_challenge_list_anonymous(api, alice, camden):
    # 1 challenges (visibility and the clock inlined) + owner, 2 their co-owners,
    # 3 their prizes. Cursor pagination: no count query.
    published(alice, camden)
    client = api(None)
    with assert_queries(3):
        client.get("/api/challenges/")
    for n in range(6):
        published(alice, camden, title=f"Challenge {n}")
    with assert_queries(3):
        assert len(client.get("/api/challenges/").json()["results"]) == 7


def test_challenge_list_signed_in(api, alice, camden):
    # The same three: membership and grant checks are subqueries of the first.
    published(alice, camden)
    client = api(alice)
    with assert_queries(3):
        client.get("/api/challenges/")
    for n in range(6):
        published(alice, camden, title=f"Challenge {n}")
    with assert_queries(3):
        assert len(client.get("/api/challenges/").json()["results"]) == 7


def _entrants(challenge, count, start=0):
    for n in range(start, start + count):
        supplier = SupplierFactory(slug=f"entrant-{n}", name=f"Entrant {n}")
        submitted_entry(member_of(supplier), supplier, challenge)


def test_entry_list_for_the_owners(api, alice, camden):
    # 1 the challenge (visibility, clock) + owner, 2-4 its co-owners, invited, prizes,
    # 5 is the user an owner, 6 the entries + supplier + submission, 7 their partners.
    challenge = published(alice, camden)
    _entrants(challenge, 1)
    client = api(alice)
    with assert_queries(7):
        client.get(f"/api/challenges/{challenge.pk}/entries/")
    _entrants(challenge, 5, start=1)
    with assert_queries(7):
        assert len(client.get(f"/api/challenges/{challenge.pk}/entries/").json()) == 6


def test_question_list(api, alice, camden, supplier_user):
    # 1-4 the challenge and its prefetches, 5 is the user an owner (which questions),
    # 6 the same for the serializer, 7 the questions + organisation.
    challenge = published(alice, camden)
    for n in range(1):
        services.question_ask(acting_user=supplier_user, challenge=challenge, question=f"Q{n}")
    client = api(alice)
    with assert_queries(7):
        client.get(f"/api/challenges/{challenge.pk}/questions/")
    for n in range(5):
        services.question_ask(acting_user=supplier_user, challenge=challenge, question=f"R{n}")
    with assert_queries(7):
        assert len(client.get(f"/api/challenges/{challenge.pk}/questions/").json()) == 6


def _round_with_entries(alice, camden, chair, count, start=0):
    challenge = published(alice, camden)
    _entrants(challenge, count, start=start)
    close(challenge)
    for entry in challenge.entries.all():
        services.entry_screen(acting_user=alice, entry=entry, eligible=True)
    from tests.challenges.helpers import join_panel, make_round

    round_ = make_round(alice, challenge, judges_per_entry=1)
    join_panel(alice, round_, chair, chair=True)
    judging.round_start(acting_user=alice, round_=round_)
    judging.declaration_make(acting_user=chair, round_=round_)
    judging.assignments_auto(acting_user=chair, round_=round_)
    judging.assignments_release(acting_user=chair, round_=round_)
    return round_


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # 1 the round + challenge + owner, 2 its criteria, 3 is the user an owner (access),
        # then: 4 are they the chair, 5 an owner (the selector), 6 the rows + judge.
        ("assignments/", 6),
        ("conflicts/", 6),
        # 4 is the user an owner (the selector), 5 the entries + supplier + submission,
        # 6 their partners. Not blind, so no panel check for redaction.
        ("entries/", 6),
        # 4 the panel + users.
        ("panel/", 4),
        # 4 the round's entries + supplier, 5 their partners.
        ("declaration/", 5),
    ],
)
def test_round_lists_for_the_owners(api, alice, camden, chair, path, expected):
    few = _round_with_entries(alice, camden, chair, 1)
    many = _round_with_entries(alice, camden, UserFactory(email="c2@panel-b.example"), 6, start=1)
    # Rows on every list: a flagged conflict per entry, and a larger panel for `many`.
    for round_ in (few, many):
        for entry in round_.challenge.entries.all():
            EntryConflict.objects.create(
                entry=entry, judge=chair, source="declared", kind="personal", status="flagged"
            )
    for n in range(4):
        judge = UserFactory(email=f"judge{n}@panel-c.example")
        PanelMember.objects.create(
            round=many, email=judge.email, user=judge, accepted_at=timezone.now()
        )
    client = api(alice)
    with assert_queries(expected):
        got_few = client.get(f"/api/rounds/{few.pk}/{path}").json()
    with assert_queries(expected):
        got_many = client.get(f"/api/rounds/{many.pk}/{path}").json()
    assert len(got_many) > len(got_few) >= 1


def test_round_list(api, alice, camden):
    # 1-4 the challenge and its prefetches, 5 is the user an owner, 6 rounds with
    # their entry counts, 7 their criteria.
    challenge = published(alice, camden)
    from tests.challenges.helpers import make_round

    make_round(alice, challenge)
    client = api(alice)
    with assert_queries(7):
        client.get(f"/api/challenges/{challenge.pk}/rounds/")
    for n in range(3):
        make_round(alice, challenge, name=f"Round {n}")
    with assert_queries(7):
        assert len(client.get(f"/api/challenges/{challenge.pk}/rounds/").json()) == 4


def test_entry_attachment_list(api, supplier_user, acme, challenge, tmp_path, settings):
    # 1 the entry + challenge + owner + supplier + latest submission (visibility as
    # subqueries), 2 its partners, 3 is the user an entrant (the working set, then),
    # 4 the documents.
    settings.MEDIA_ROOT = tmp_path
    entry = services.entry_create(
        acting_user=supplier_user, challenge=challenge, supplier=acme, title="Damp sensors"
    )

    def add(n: int) -> None:
        plan = SimpleUploadedFile(f"plan-{n}.txt", b"Sensors.", content_type="text/plain")
        services.entry_attachment_add(acting_user=supplier_user, entry=entry, upload=plan)

    add(0)
    client = api(supplier_user)
    with assert_queries(4):
        client.get(f"/api/entries/{entry.pk}/attachments/")
    for n in range(1, 5):
        add(n)
    with assert_queries(4):
        assert len(client.get(f"/api/entries/{entry.pk}/attachments/").json()) == 5


def _scored_round(alice, camden, chair, *, entries: int, judges: int, tag: str):
    """Round 1, scoring: `judges` judges besides the chair, each given and scoring
    every one of `entries` entries."""
    from tests.challenges.helpers import join_panel, make_round, score

    challenge = published(alice, camden)
    _entrants(challenge, entries, start=0 if tag == "few" else 100)
    close(challenge)
    for entry in challenge.entries.all():
        services.entry_screen(acting_user=alice, entry=entry, eligible=True)
    round_ = make_round(alice, challenge, judges_per_entry=judges)
    join_panel(alice, round_, chair, chair=True)
    panel = [UserFactory.create(email=f"{tag}{n}@panel-{tag}.example") for n in range(judges)]
    for judge in panel:
        join_panel(alice, round_, judge)
    judging.round_start(acting_user=alice, round_=round_)
    for judge in panel:
        judging.declaration_make(acting_user=judge, round_=round_)
        for entry in challenge.entries.all():
            judging.assignment_add(
                acting_user=chair, round_=round_, entry_id=entry.pk, judge_id=judge.pk
            )
    judging.assignments_release(acting_user=chair, round_=round_)
    for number, judge in enumerate(panel):
        for entry in challenge.entries.all():
            score(judge, round_, entry, number % 6, (number + 2) % 6, feedback="Noted.")
    return round_, panel


@pytest.mark.parametrize("who", ["judge", "chair", "owner"])
def test_score_sheets_of_an_entry(api, alice, camden, chair, who):
    # Round access: 1 the round + challenge + owner, 2 its criteria, 3 is the user an
    # owner, and if not 4 a judge. The entry: an owner again, if not the chair (their
    # panel place), then the entry (for a judge, only if given it, as subqueries). The
    # sheets: the chair, if not an owner, if not whether they have scored, then the
    # sheets + judge. A judge: 4 + 3 + 4 = 11; the chair 4 + 3 + 2 = 9; an owner
    # 3 + 2 + 3 = 8. The same whether two judges scored or six.
    few, few_panel = _scored_round(alice, camden, chair, entries=1, judges=2, tag="few")
    other_chair = UserFactory(email="c3@panel-d.example")
    many, many_panel = _scored_round(alice, camden, other_chair, entries=1, judges=6, tag="many")
    users = {
        "judge": (few_panel[0], many_panel[0]),
        "chair": (chair, other_chair),
        "owner": (alice, alice),
    }[who]
    expected = {"judge": 11, "chair": 9, "owner": 8}[who]
    counts = []
    for round_, user in zip((few, many), users, strict=True):
        entry = round_.challenge.entries.get()
        url = f"/api/rounds/{round_.pk}/entries/{entry.pk}/score/"
        with assert_queries(expected) as context:
            sheets = api(user).get(url).json()
        counts.append((len(sheets), len(context.captured_queries)))
    assert counts == [(2, expected), (6, expected)]


def test_round_results_and_loads(api, alice, camden, chair):
    # Results: 1 the round + challenge + owner, 2 its criteria, 3 is the user an owner,
    # 4 a judge (round access), 5 the chair (their panel place); then the engine's six:
    # rubric, entries, assignments, conflicts, score sheets, judges. Not blind, so no
    # redaction check. Loads: round access (1-4), the chair (5), then each judge's
    # assignments, the entries' assignment counts and the panel (6-8).
    few, _ = _scored_round(alice, camden, chair, entries=1, judges=2, tag="few")
    other_chair = UserFactory(email="c4@panel-e.example")
    many, _ = _scored_round(alice, camden, other_chair, entries=4, judges=5, tag="many")
    for round_, user, entries, judges in ((few, chair, 1, 2), (many, other_chair, 4, 5)):
        client = api(user)
        with assert_queries(11):
            results = client.get(f"/api/rounds/{round_.pk}/results/").json()
        assert (len(results["rows"]), len(results["judges"])) == (entries, judges)
        with assert_queries(8):
            loads = client.get(f"/api/rounds/{round_.pk}/assignments/loads/").json()
        assert len(loads["loads"]) == judges
