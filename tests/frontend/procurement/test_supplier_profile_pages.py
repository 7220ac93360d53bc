from __future__ import annotations

import pytest

from procurement.models import SupplierProfile
from tests.factories import SupplierFactory, member_of

pytestmark = pytest.mark.django_db


def test_member_edits_the_profile_and_another_officer_reads_it(
    client, cpv, supplier_user, acme, alice, camden
):
    client.force_login(supplier_user)
    response = client.post(
        f"/suppliers/{acme.slug}/edit/",
        {
            "capabilities": "Accessible forms.",
            "cpv_interests": "72000000, 48000000",
            "boroughs_served": [camden.slug],
            "certifications": "Cyber Essentials\nISO 27001",
            "case_title_0": "Repairs chatbot",
            "case_client_0": "A borough",
        },
    )
    assert response.status_code == 302
    client.force_login(alice)
    page = client.get(f"/suppliers/{acme.slug}/").content.decode()
    for text in ("Accessible forms.", "72000000", "Cyber Essentials, ISO 27001", "Repairs chatbot"):
        assert text in page
    assert "Change the profile" not in page


def test_bad_cpv_code_is_shown_on_its_field_and_nothing_saved(client, cpv, supplier_user, acme):
    client.force_login(supplier_user)
    response = client.post(f"/suppliers/{acme.slug}/edit/", {"cpv_interests": "123"})
    assert response.status_code == 200
    assert "A CPV code is 8 digits" in response.content.decode()
    assert 'id="cpv_interests-error"' in response.content.decode() or "govuk-error-message" in (
        response.content.decode()
    )
    assert not SupplierProfile.objects.exists()


def test_another_company_cannot_edit(client, acme):
    client.force_login(member_of(SupplierFactory.create()))
    assert client.get(f"/suppliers/{acme.slug}/edit/").status_code == 403


def test_anonymous_is_sent_to_sign_in_and_boroughs_have_no_profile(client, acme, alice, camden):
    assert client.get(f"/suppliers/{acme.slug}/").status_code == 302
    client.force_login(alice)
    assert client.get(f"/suppliers/{camden.slug}/").status_code == 404
