from __future__ import annotations

from challenges import services
from challenges.models import Entry
from tests.challenges.helpers import close, published
from tests.factories import member_of
from tests.frontend.challenges.helpers import text
from tests.frontend.helpers import read


def url(entry) -> str:
    return f"/challenges/entries/{entry.pk}/"


def draft_entry(user, supplier, challenge, **fields):
    return services.entry_create(
        acting_user=user, challenge=challenge, supplier=supplier, title="Damp sensors", **fields
    )


def form(**overrides):
    data = {
        "title": "Damp sensors",
        "summary": "Sensors in every flat.",
        "description": "We fit them and alert repairs.",
        "statement": "",
        "confirmed": ["yes"],
        "save": "1",
    }
    data.update(overrides)
    return data


def test_it_checks_who_may_read_it(client, alice, supplier_user, acme, beta_user, dora, challenge):
    entry = draft_entry(supplier_user, acme, challenge)
    colleague = member_of(acme)
    for user, status in ((supplier_user, 200), (colleague, 200), (beta_user, 404), (dora, 404)):
        client.force_login(user)
        assert client.get(url(entry)).status_code == status, user
    # The owners see an entry once it is submitted, and not a draft.
    client.force_login(alice)
    assert client.get(url(entry)).status_code == 404
    client.logout()
    assert client.get(url(entry)).status_code == 302


def test_a_partners_people_read_but_cannot_change_it(
    client, supplier_user, acme, beta, beta_user, challenge
):
    entry = draft_entry(supplier_user, acme, challenge, partners=[beta.slug])
    client.force_login(beta_user)

    html = text(client.get(url(entry)))
    response = client.post(url(entry), form(title="Taken over"))

    assert "Only people from Acme (test) can change this entry." in html
    assert response.status_code == 403
    assert Entry.objects.get(pk=entry.pk).title == "Damp sensors"


def test_the_entrant_saves_the_draft_with_partners_and_declaration(
    client, supplier_user, acme, beta, challenge
):
    entry = draft_entry(supplier_user, acme, challenge)
    client.force_login(supplier_user)

    response = client.post(url(entry), form(partners=[beta.slug], statement="We are a micro."))

    assert response["Location"] == url(entry)
    entry.refresh_from_db()
    assert entry.summary == "Sensors in every flat."
    assert list(entry.partners.all()) == [beta]
    assert entry.declaration == {"confirmed": True, "statement": "We are a micro."}
    assert entry.status == "draft"


def test_continue_goes_on_to_check_and_submit(client, supplier_user, acme, challenge):
    entry = draft_entry(supplier_user, acme, challenge)
    client.force_login(supplier_user)

    response = client.post(url(entry), form(review="1"))

    assert response["Location"] == f"/challenges/entries/{entry.pk}/submit/"


def test_an_empty_title_is_named_and_nothing_is_saved(client, supplier_user, acme, challenge):
    entry = draft_entry(supplier_user, acme, challenge)
    client.force_login(supplier_user)

    response = client.post(url(entry), form(title="", summary="Never saved"))

    assert read(response).field_errors["id_title"] == "Error: Enter a title for your entry"
    assert Entry.objects.get(pk=entry.pk).summary == ""


def test_london_based_is_asked_only_when_the_challenge_requires_it(
    client, alice, camden, supplier_user, acme
):
    challenge = published(alice, camden, requires_london_based=True)
    entry = draft_entry(supplier_user, acme, challenge)
    client.force_login(supplier_user)

    assert "Is your company based in London?" in text(client.get(url(entry)))
    client.post(url(entry), form(london_based="True"))

    entry.refresh_from_db()
    assert entry.declaration == {"confirmed": True, "london_based": True}


def test_after_the_deadline_the_entry_is_read_only(client, supplier_user, acme, challenge):
    entry = draft_entry(supplier_user, acme, challenge)
    services.entry_update(acting_user=supplier_user, entry=entry, changes={"summary": "Sensors."})
    close(challenge)
    client.force_login(supplier_user)

    html = text(client.get(url(entry)))
    response = client.post(url(entry), form(title="Too late"))

    assert "The entry can no longer change." in html
    assert 'name="title"' not in html
    assert read(response).summary[0][0] == "#entry-status"
    assert read(response).summary[0][1].startswith("This challenge closed at")
    assert Entry.objects.get(pk=entry.pk).title == "Damp sensors"
