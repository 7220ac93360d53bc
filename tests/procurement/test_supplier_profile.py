"""A supplier's profile: capabilities, CPV interests, boroughs served, size,
certifications and case studies."""

from __future__ import annotations

import pytest

from procurement.models import SupplierProfile
from tests.factories import SupplierFactory, member_of

pytestmark = pytest.mark.django_db

PROFILE = {
    "capabilities": "Resident-facing chatbots and accessible forms.",
    "cpv_interests": ["72000000", "48000000-8"],
    "certifications": ["Cyber Essentials Plus", "Cyber Essentials Plus "],
    "case_studies": [{"title": "Repairs chatbot", "client": "A London borough"}],
}


@pytest.fixture
def url(acme):
    return f"/api/suppliers/{acme.slug}/profile/"


def test_member_writes_the_profile_and_anyone_signed_in_reads_it(
    api, cpv, url, supplier_user, acme, charlie, camden
):
    response = api(supplier_user).patch(url, {**PROFILE, "boroughs_served": [camden.slug]})
    assert response.status_code == 200, response.json()
    body = api(charlie).get(url).json()
    assert body["size"] == "small"
    assert body["cpv_interests"] == ["48000000", "72000000"]
    assert body["certifications"] == ["Cyber Essentials Plus"]
    assert body["boroughs_served"] == [camden.slug]
    assert body["case_studies"][0]["title"] == "Repairs chatbot"


def test_another_member_of_the_supplier_may_edit(api, cpv, url, acme, supplier_user):
    colleague = member_of(acme)
    assert api(colleague).patch(url, {"capabilities": "Data platforms."}).status_code == 200


def test_another_company_reads_but_cannot_change_it(api, cpv, url):
    other = member_of(SupplierFactory.create())
    assert api(other).get(url).status_code == 200
    assert api(other).patch(url, {"capabilities": "Mine now."}).status_code == 403
    assert not SupplierProfile.objects.exists()


def test_anonymous_gets_401_and_a_borough_is_not_a_supplier(api, url, camden, alice):
    assert api(None).get(url).status_code == 401
    assert api(alice).get(f"/api/suppliers/{camden.slug}/profile/").status_code == 404


def test_bad_codes_and_non_boroughs_are_refused_naming_the_field(
    api, cpv, url, supplier_user, acme
):
    response = api(supplier_user).patch(url, {"cpv_interests": ["99999999"]})
    assert response.status_code == 400
    assert "cpv_interests" in response.json()["fields"]
    response = api(supplier_user).patch(url, {"boroughs_served": [acme.slug]})
    assert response.status_code == 400
    assert "boroughs_served" in response.json()["fields"]
    assert not SupplierProfile.objects.exists()
