"""An entry's documents are sealed like a bid's: the owners and the judges see exactly
those named by the latest submission, never one added since, and still one removed
since; the entrant's people see their working set."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from challenges import judging, services
from challenges.models import Entry, EntryAttachment, Round
from tests.challenges.helpers import assert_queries, close, join_panel, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def upload(user, entry: Entry, name: str) -> EntryAttachment:
    document = SimpleUploadedFile(name, f"{name} text.".encode(), content_type="text/plain")
    return services.entry_attachment_add(acting_user=user, entry=entry, upload=document)


@pytest.fixture
def sealed(supplier_user, acme, challenge):
    """Acme submitted with the Acme plan; since then, still before the deadline, it
    added a draft budget and took the plan out of its working set, without submitting
    again."""
    entry = services.entry_create(
        acting_user=supplier_user,
        challenge=challenge,
        supplier=acme,
        title="Damp sensors",
        summary="Sensors.",
        description="We fit sensors.",
        declaration={"confirmed": True},
    )
    plan = upload(supplier_user, entry, "acme-plan.txt")
    services.entry_submit(acting_user=supplier_user, entry=entry)
    budget = upload(supplier_user, entry, "draft-budget.txt")
    services.entry_attachment_remove(acting_user=supplier_user, attachment=plan)
    return entry, plan, budget


def names(response) -> list[str]:
    return [row.get("original_name") or row.get("name") for row in response.json()]


def test_the_entrant_sees_its_working_set(api, supplier_user, sealed):
    entry, plan, budget = sealed
    assert names(api(supplier_user).get(f"/api/entries/{entry.pk}/attachments/")) == [
        "draft-budget.txt"
    ]
    url = f"/api/entries/{entry.pk}/attachments/"
    assert api(supplier_user).get(f"{url}{budget.pk}/").status_code == 200
    assert api(supplier_user).get(f"{url}{plan.pk}/").status_code == 200  # its own record


def test_the_owners_see_exactly_what_was_submitted(api, alice, sealed):
    entry, plan, budget = sealed
    url = f"/api/entries/{entry.pk}/attachments/"

    listed = api(alice).get(url)

    assert names(listed) == ["acme-plan.txt"]
    assert listed.json()[0]["sha256"] == plan.sha256
    assert api(alice).get(f"{url}{plan.pk}/").status_code == 200
    assert api(alice).get(f"{url}{budget.pk}/").status_code == 404


def test_submitting_again_seals_the_new_set(api, alice, supplier_user, sealed):
    entry, _, budget = sealed
    services.entry_submit(acting_user=supplier_user, entry=entry)
    listed = api(alice).get(f"/api/entries/{entry.pk}/attachments/")
    assert [row["id"] for row in listed.json()] == [budget.pk]


def _judged(alice, chair, judge, *entries: Entry, blind: bool = False) -> Round:
    """Round 1 scoring with the entries given to the judge, released."""
    close(entries[0].challenge)
    for entry in entries:
        services.entry_screen(acting_user=alice, entry=entry, eligible=True)
    round_ = make_round(alice, entries[0].challenge, judges_per_entry=1, blind=blind)
    join_panel(alice, round_, chair, chair=True)
    join_panel(alice, round_, judge)
    judging.round_start(acting_user=alice, round_=round_)
    judging.declaration_make(acting_user=judge, round_=round_)
    for entry in entries:
        judging.assignment_add(
            acting_user=chair, round_=round_, entry_id=entry.pk, judge_id=judge.pk
        )
    judging.assignments_release(acting_user=chair, round_=round_)
    return round_


def test_judges_see_exactly_what_was_submitted(api, alice, chair, judges, sealed):
    entry, plan, budget = sealed
    round_ = _judged(alice, chair, judges[0], entry)
    url = f"/api/rounds/{round_.pk}/entries/{entry.pk}/attachments/"

    listed = api(judges[0]).get(url)
    download = api(judges[0]).get(f"{url}{plan.pk}/")

    assert listed.json() == [
        {
            "id": plan.pk,
            "name": "acme-plan.txt",
            "content_type": "text/plain",
            "size": plan.size,
            "sha256": plan.sha256,
        }
    ]
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"acme-plan.txt text."
    assert api(judges[0]).get(f"{url}{budget.pk}/").status_code == 404
    # The judge's way in is the round: the entry's own documents stay closed to them.
    assert api(judges[0]).get(f"/api/entries/{entry.pk}/attachments/").status_code == 404


def test_a_blind_round_names_documents_by_entry_and_number(api, alice, chair, judges, sealed):
    entry, plan, _ = sealed
    round_ = _judged(alice, chair, judges[0], entry, blind=True)
    url = f"/api/rounds/{round_.pk}/entries/{entry.pk}/attachments/"
    hidden_name = f"entry-{entry.pk}-document-{plan.pk}.txt"

    listed = api(judges[0]).get(url)
    download = api(judges[0]).get(f"{url}{plan.pk}/")
    detail = api(judges[0]).get(f"/api/rounds/{round_.pk}/entries/{entry.pk}/")

    assert names(listed) == [hidden_name]
    assert hidden_name in download["Content-Disposition"]
    assert [item["name"] for item in detail.json()["content"]["attachments"]] == [hidden_name]
    for response in (listed, detail):
        assert "acme" not in response.content.decode().lower()


def entered_with(user, supplier, challenge, documents: int) -> Entry:
    entry = services.entry_create(
        acting_user=user,
        challenge=challenge,
        supplier=supplier,
        title=f"{documents} documents",
        summary="Sensors.",
        description="We fit sensors.",
        declaration={"confirmed": True},
    )
    for number in range(documents):
        upload(user, entry, f"part-{number}.txt")
    services.entry_submit(acting_user=user, entry=entry)
    return entry


def test_the_round_document_list_takes_the_same_queries_for_one_or_many(
    api, alice, chair, judges, supplier_user, acme, beta, beta_user, challenge
):
    # 1 the round + challenge + owner, 2 its criteria, 3 is the user an owner, 4 a
    # judge (round access); 5 an owner again, 6 the chair (their panel place), 7 the
    # entry the judge may see (assigned, declared, unconflicted as subqueries), 8 the
    # documents. Not blind, so no check of who would be shown names.
    one = entered_with(supplier_user, acme, challenge, 1)
    five = entered_with(beta_user, beta, challenge, 5)
    round_ = _judged(alice, chair, judges[0], one, five)
    client = api(judges[0])
    with assert_queries(8):
        got = client.get(f"/api/rounds/{round_.pk}/entries/{one.pk}/attachments/").json()
        assert len(got) == 1
    with assert_queries(8):
        got = client.get(f"/api/rounds/{round_.pk}/entries/{five.pk}/attachments/").json()
        assert len(got) == 5
