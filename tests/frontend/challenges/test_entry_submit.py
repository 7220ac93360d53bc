from __future__ import annotations

import hashlib
import re

from django.core.files.uploadedfile import SimpleUploadedFile

from challenges import services
from challenges.models import EntrySubmission
from procurement.dates import london_time
from tests.challenges.helpers import close
from tests.frontend.challenges.helpers import text
from tests.frontend.helpers import read


def ready_entry(user, supplier, challenge, **fields):
    return services.entry_create(
        acting_user=user,
        challenge=challenge,
        supplier=supplier,
        title="Damp sensors",
        summary="Sensors in every flat.",
        description="We fit them.",
        declaration={"confirmed": True},
        **fields,
    )


def test_only_the_entrants_company_submits(client, supplier_user, acme, beta, beta_user, challenge):
    entry = ready_entry(supplier_user, acme, challenge, partners=[beta.slug])
    client.force_login(beta_user)
    assert client.post(f"/challenges/entries/{entry.pk}/submit/").status_code == 403
    client.logout()
    assert client.post(f"/challenges/entries/{entry.pk}/submit/").status_code == 302
    assert not EntrySubmission.objects.exists()


def test_check_your_answers_then_a_receipt_in_london_time_with_the_sha256(
    client, supplier_user, acme, challenge
):
    entry = ready_entry(supplier_user, acme, challenge)
    services.entry_attachment_add(
        acting_user=supplier_user,
        entry=entry,
        upload=SimpleUploadedFile("plan.txt", b"The plan.", content_type="text/plain"),
    )
    client.force_login(supplier_user)
    check = text(client.get(f"/challenges/entries/{entry.pk}/submit/"))
    assert "Sensors in every flat." in check and "plan.txt" in check

    response = client.post(f"/challenges/entries/{entry.pk}/submit/")

    submission = EntrySubmission.objects.get()
    assert response["Location"] == f"/challenges/entries/{entry.pk}/receipt/"
    receipt = client.get(response["Location"])
    html = text(receipt)
    assert read(receipt).h1 == ["Entry submitted"]
    assert london_time(submission.submitted_at) in html
    assert re.search(r'id="receipt-sha256">[0-9a-f]{64}<', html)
    assert submission.sha256 in html
    sealed = client.get(f"/challenges/entries/{entry.pk}/receipt/submission.json")
    assert hashlib.sha256(sealed.content).hexdigest() == submission.sha256


def test_what_is_missing_is_listed_with_links_to_the_fields(client, supplier_user, acme, challenge):
    entry = services.entry_create(
        acting_user=supplier_user, challenge=challenge, supplier=acme, title="Damp sensors"
    )
    client.force_login(supplier_user)

    response = client.post(f"/challenges/entries/{entry.pk}/submit/")

    summary = dict(read(response).summary)
    page = f"/challenges/entries/{entry.pk}/"
    assert summary[page + "#id_summary"] == "Summarise your entry."
    assert summary[page + "#id_description"] == "Describe your solution."
    assert summary[page + "#id_confirmed"] == (
        "Confirm that your entry meets the eligibility criteria."
    )
    assert not EntrySubmission.objects.exists()


def test_submitting_again_replaces_the_judged_copy(client, supplier_user, acme, challenge):
    entry = ready_entry(supplier_user, acme, challenge)
    client.force_login(supplier_user)
    client.post(f"/challenges/entries/{entry.pk}/submit/")
    services.entry_update(acting_user=supplier_user, entry=entry, changes={"summary": "Better."})

    client.post(f"/challenges/entries/{entry.pk}/submit/")

    entry.refresh_from_db()
    assert entry.latest_submission.number == 2
    assert entry.latest_submission.content["summary"] == "Better."


def test_no_submission_once_closed(client, supplier_user, acme, challenge):
    entry = ready_entry(supplier_user, acme, challenge)
    close(challenge)
    client.force_login(supplier_user)

    response = client.post(f"/challenges/entries/{entry.pk}/submit/")

    assert read(response).summary[0][1].startswith("This challenge closed at")
    assert not EntrySubmission.objects.exists()
