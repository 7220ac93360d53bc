"""A blind round hides the entrant's organisation and people from judges on every
surface: entry lists and details, declarations, scores, results, exports, notices."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from challenges import judging
from challenges.models import Round
from loti.notifications.models import Notification
from tests.challenges.helpers import score

pytestmark = pytest.mark.django_db


@pytest.fixture
def blind(released):
    Round.objects.filter(pk=released.round.pk).update(blind=True)
    released.round.refresh_from_db()
    return released


def _identity_free(text, *names):
    for name in names:
        assert name not in text, name


def test_judges_never_see_who_entered(api, acme, beta, blind):
    jo, url = blind.judges[0], f"/api/rounds/{blind.round.pk}"
    client = api(jo)
    names = (acme.name, acme.slug, beta.name, beta.slug, "sam@acme-test.example")
    listed = client.get(f"{url}/entries/")
    assert listed.status_code == 200 and len(listed.json()) == 2
    assert all(row["entrant"] is None and row["partners"] == [] for row in listed.json())
    assert all("supplier" not in row["content"] for row in listed.json())
    _identity_free(listed.content.decode(), *names)
    entry = blind.entries["acme"]
    detail = client.get(f"{url}/entries/{entry.pk}/")
    _identity_free(detail.content.decode(), *names)
    _identity_free(client.get(f"{url}/declaration/").content.decode(), *names)
    score(jo, blind.round, entry, 4, 4)
    _identity_free(client.get(f"{url}/entries/{entry.pk}/score/").content.decode(), *names)


def test_the_chair_sees_results_and_exports_without_identities(api, acme, beta, blind):
    for judge in blind.judges:
        score(judge, blind.round, blind.entries["acme"], 3, 3)
    chair = api(blind.chair)
    results = chair.get(f"/api/rounds/{blind.round.pk}/results/")
    assert results.status_code == 200
    assert all(row["entrant"] is None for row in results.json()["rows"])
    _identity_free(results.content.decode(), acme.name, beta.name)
    sheet = chair.get(f"/api/rounds/{blind.round.pk}/results.xlsx")
    book = load_workbook(io.BytesIO(sheet.content))
    cells = [str(c.value) for ws in book for row in ws.iter_rows() for c in row]
    assert "Hidden: blind round" in cells
    _identity_free(" ".join(cells), acme.name, beta.name)


def test_the_owners_off_the_panel_still_see_who_entered(api, alice, acme, blind):
    rows = api(alice).get(f"/api/rounds/{blind.round.pk}/entries/").json()
    assert {row["entrant"]["slug"] for row in rows} == {acme.slug, "beta-test"}


def test_notices_to_judges_name_no_entrant(acme, beta, blind):
    judging.round_update(
        acting_user=blind.challenge.owner.memberships.first().user,
        round_=blind.round,
        changes={"deadline": blind.round.challenge.closes_at.replace(year=2100)},
    )
    for notice in Notification.objects.filter(recipient__in=blind.judges):
        _identity_free(notice.title + notice.body, acme.name, beta.name, "Acme", "Beta")
