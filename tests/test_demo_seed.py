"""manage.py seed_demo's content: projects and a playbook, tenders, a challenge. What
each demo account finds when it signs in to try the service."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from challenges.models import Challenge, ChallengeStatus, Entry, EntryStatus, PanelMember
from challenges.selectors import challenges_visible_to, panel_places_of
from loti.accounts.models import User
from loti.audit.models import AuditEvent
from loti.visibility import Visibility
from procurement.models import Bid, BidStatus, Tender, TenderQuestion, TenderStatus
from procurement.selectors import bids_visible_to, questions_visible_to
from projects.models import Adoption, Outcome, Phase, Playbook, Project, ProjectLink
from projects.selectors import playbooks_visible_to, projects_visible_to

pytestmark = pytest.mark.django_db

CAMDEN_NETWORK = "Damp and mould early warning in council homes"
CAMDEN_PRIVATE = "Council tax reminders by text message"
LAMBETH_SHARED = "Kerbside electric vehicle charging: where next"
CAMDEN_TENDER = "Damp and mould sensors and monitoring for council homes"


@pytest.fixture(scope="module", autouse=True)
def _seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Seed once for the module; each test runs in a savepoint inside this
    transaction, which is rolled back at the end so other modules start empty."""
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        patch.delenv("DEMO_PASSWORD", raising=False)
        with transaction.atomic():
            call_command("seed_demo")
            yield
            transaction.set_rollback(True)


def user(email: str) -> User:
    return User.objects.get(email=email)


def client_for(email: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(user(email))
    return client


def content_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Project,
            Outcome,
            ProjectLink,
            Playbook,
            Adoption,
            Tender,
            TenderQuestion,
            Bid,
            Challenge,
            PanelMember,
            Entry,
            AuditEvent,
        )
    }


def test_it_creates_projects_in_different_phases_and_visibilities():
    projects = Project.objects.filter(adopted_from__isnull=True)

    assert set(projects.values_list("lead_organisation__slug", flat=True)) == {
        "camden",
        "hackney",
        "lambeth",
    }
    assert set(projects.values_list("visibility", flat=True)) == set(Visibility.values)
    assert projects.values("phase").distinct().count() >= 3
    private = projects.get(title=CAMDEN_PRIVATE)
    assert (private.visibility, private.phase) == (Visibility.PRIVATE, Phase.IDEA)
    shared = projects.get(title=LAMBETH_SHARED)
    assert list(shared.shared_with.values_list("slug", flat=True)) == ["camden"]
    damp = projects.get(title=CAMDEN_NETWORK)
    assert damp.outcomes.filter(baseline__isnull=False, target__isnull=False).count() == 2
    assert damp.links.count() == 2
    # Written through the services: revisions and the search index are there.
    assert damp.revisions.count() == 1 + damp.outcomes.count() + damp.links.count()
    assert projects.filter(search_vector__isnull=True).count() == 0
    assert damp.version == damp.revisions.count()


def test_hackney_co_authors_camdens_project_and_lambeth_adopts_hackneys():
    hackney = user("officer@hackney.example")
    damp = Project.objects.get(title=CAMDEN_NETWORK)

    assert hackney.has_perm("projects.coauthor_project", damp)
    adopted = Project.objects.get(adopted_from__isnull=False)
    assert adopted.lead_organisation.slug == "lambeth"
    assert adopted.adopted_from.lead_organisation.slug == "hackney"
    assert adopted.adopted_from.visibility == Visibility.PUBLIC


def test_the_playbook_is_published_and_camden_is_working_through_it():
    playbook = Playbook.objects.get()

    assert playbook.status == Playbook.Status.PUBLISHED
    assert playbook.versions.count() == 1
    adoption = playbook.adoptions.get()
    assert adoption.organisation.slug == "camden"
    done = adoption.step_progress.filter(status="done")
    assert list(done.values_list("key", flat=True)) == ["partners"]
    lambeth = user("officer@lambeth.example")
    assert playbook in playbooks_visible_to(user=lambeth)


def test_two_tenders_are_open_on_the_board_and_one_is_a_draft():
    now = timezone.now()
    published = Tender.objects.filter(status=TenderStatus.PUBLISHED)

    assert published.count() == 2
    assert set(published.values_list("buyer__slug", flat=True)) == {"camden", "hackney"}
    for tender in published:
        assert now + timedelta(days=14) < tender.closes_at < now + timedelta(days=60)
        assert tender.sme_suitable
        assert tender.visibility == Visibility.PUBLIC
        assert tender.cpv_codes.exists()
        assert sum(c.weight for c in tender.criteria.all()) == 100
        assert tender.ocds_releases.exists()
    draft = Tender.objects.get(status=TenderStatus.DRAFT)
    assert draft.buyer.slug == "lambeth"
    anonymous = APIClient().get("/api/tenders/")
    titles = {row["title"] for row in anonymous.json()["results"]}
    assert titles == set(published.values_list("title", flat=True))


def test_acmes_question_is_answered_for_everyone_without_naming_acme():
    tender = Tender.objects.get(title=CAMDEN_TENDER)
    brightpath = user("bids@brightpath.example")

    question = questions_visible_to(user=brightpath, tender=tender).get()

    assert question.answer and question.published_at
    response = client_for("bids@brightpath.example").get(f"/api/tenders/{tender.pk}/questions/")
    assert response.status_code == 200
    assert "Acme" not in response.content.decode()


def test_acme_sees_camdens_tender_and_its_own_draft_bid():
    acme = user("bids@acme.example")
    tender = Tender.objects.get(title=CAMDEN_TENDER)

    bid = bids_visible_to(user=acme, tender=tender).get()

    assert bid.status == BidStatus.DRAFT
    assert bid.latest_submission is None
    client = client_for("bids@acme.example")
    assert client.get(f"/api/tenders/{tender.pk}/").status_code == 200
    assert client.get(f"/api/bids/{bid.pk}/").status_code == 200


def test_brightpath_does_not_see_acmes_bid():
    brightpath = user("bids@brightpath.example")
    tender = Tender.objects.get(title=CAMDEN_TENDER)
    bid = Bid.objects.get()

    assert not bids_visible_to(user=brightpath, tender=tender).exists()
    assert client_for("bids@brightpath.example").get(f"/api/bids/{bid.pk}/").status_code == 404


def test_hackney_sees_camdens_network_project_but_not_its_private_draft():
    hackney = user("officer@hackney.example")
    network = Project.objects.get(title=CAMDEN_NETWORK)
    private = Project.objects.get(title=CAMDEN_PRIVATE)

    visible = projects_visible_to(user=hackney)

    assert network in visible
    assert private not in visible
    client = client_for("officer@hackney.example")
    assert client.get(f"/api/projects/{network.pk}/").status_code == 200
    assert client.get(f"/api/projects/{private.pk}/").status_code == 404


def test_lambeths_project_is_shared_with_camden_only():
    shared = Project.objects.get(title=LAMBETH_SHARED)

    assert shared in projects_visible_to(user=user("officer@camden.example"))
    assert shared not in projects_visible_to(user=user("officer@hackney.example"))
    assert APIClient().get(f"/api/projects/{shared.pk}/").status_code == 404


def test_the_challenge_is_open_with_prizes_a_round_and_brightpaths_entry():
    challenge = Challenge.objects.get()

    assert challenge.status == ChallengeStatus.OPEN
    assert challenge.closes_at > timezone.now() + timedelta(days=14)
    assert challenge.prizes.count() == 3
    assert challenge.rounds.count() == 1
    entry = Entry.objects.get(challenge=challenge)
    assert (entry.supplier.slug, entry.status) == ("brightpath", EntryStatus.SUBMITTED)
    assert entry.latest_submission is not None
    assert challenge in challenges_visible_to(user=user("bids@acme.example"))


@pytest.mark.parametrize("email", ["judge.one@judges.example", "judge.two@judges.example"])
def test_judges_see_the_challenge_they_judge(email: str):
    judge = user(email)
    challenge = Challenge.objects.get()

    places = panel_places_of(user=judge, challenge=challenge)

    assert places.count() == 1
    assert places.get().is_chair == (email == "judge.one@judges.example")
    assert judge.has_perm("challenges.view_challenge", challenge)
    assert client_for(email).get(f"/api/challenges/{challenge.pk}/").status_code == 200


def test_running_it_twice_adds_nothing():
    once = content_counts()

    call_command("seed_demo")

    assert content_counts() == once


def test_a_closed_demo_tender_is_replaced_by_an_open_one():
    # As if the demo database were loaded again weeks later, after the deadline.
    old = Tender.objects.get(title=CAMDEN_TENDER)
    Tender.objects.filter(pk=old.pk).update(closes_at=timezone.now() - timedelta(minutes=1))

    call_command("seed_demo")

    fresh = Tender.objects.exclude(pk=old.pk).get(title=CAMDEN_TENDER)
    assert fresh.closes_at > timezone.now()
    assert fresh.bids.filter(supplier__slug="acme-civic-tech").exists()


def page_for(email: str | None, path: str) -> str:
    client = Client()
    if email:
        client.force_login(user(email))
    response = client.get(path)
    assert response.status_code == 200, (email, path, response.status_code)
    return response.content.decode()


def test_a_visitor_finds_open_tenders_and_the_challenge_on_the_pages():
    tenders = page_for(None, "/tenders/")
    challenges = page_for(None, "/challenges/")

    published = Tender.objects.filter(status=TenderStatus.PUBLISHED)
    for title in published.values_list("title", flat=True):
        assert title in tenders
    assert Tender.objects.get(status=TenderStatus.DRAFT).title not in tenders
    assert Challenge.objects.get().title in challenges
    page_for(None, "/")


def test_each_officer_finds_the_projects_and_playbook_on_the_pages():
    camden_draft = Project.objects.get(title=CAMDEN_PRIVATE)
    adopted = Project.objects.get(adopted_from__isnull=False)
    playbook = Playbook.objects.get()

    assert CAMDEN_NETWORK in page_for("officer@hackney.example", "/projects/")
    assert CAMDEN_PRIVATE in page_for("officer@camden.example", f"/projects/{camden_draft.pk}/")
    page_for("officer@lambeth.example", f"/projects/{adopted.pk}/")
    page_for("officer@lambeth.example", f"/playbooks/{playbook.pk}/")
    page_for("officer@camden.example", f"/adoptions/{playbook.adoptions.get().pk}/")


def test_suppliers_and_judges_find_their_work_on_the_pages():
    tender = Tender.objects.get(title=CAMDEN_TENDER)
    challenge = Challenge.objects.get()

    assert "LoRaWAN" in page_for("bids@brightpath.example", f"/tenders/{tender.pk}/")
    page_for("bids@acme.example", f"/bids/{Bid.objects.get().pk}/")
    page_for("bids@brightpath.example", f"/challenges/{challenge.pk}/")
    page_for("judge.one@judges.example", f"/challenges/{challenge.pk}/")
