"""POST /api/organisations/: network administrators add organisations."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from loti.accounts import services
from loti.accounts.models import Organisation, User
from loti.audit.models import AuditEvent
from tests.loti.helpers import assert_error

URL = "/api/organisations/"
NEW = {"name": "Office for Tests", "kind": "agency", "email_domains": ["Tests.Example"]}


def test_network_admin_creates_an_organisation_with_its_group(
    api: Callable[[User | None], APIClient], network_admin: User
):
    response = api(network_admin).post(URL, NEW)

    assert response.status_code == 201, response.content
    assert response.json() == {
        "slug": "office-for-tests",
        "name": "Office for Tests",
        "kind": "agency",
        "email_domains": ["tests.example"],
        "is_loti_member": False,
        "size": "",
    }
    organisation = Organisation.objects.get(slug="office-for-tests")
    assert organisation.group.name == "organisation:office-for-tests"
    event = AuditEvent.objects.get(verb="organisation.created", target_id=str(organisation.pk))
    assert event.actor == network_admin


def test_slug_is_made_unique(api: Callable[[User | None], APIClient], network_admin: User):
    api(network_admin).post(URL, {"name": "Camden!", "kind": "agency"})

    # "camden" is taken by the London Borough of Camden.
    assert Organisation.objects.filter(name="Camden!", slug="camden-2").exists()


def test_borough_officer_gets_403(api: Callable[[User | None], APIClient], alice: User):
    assert_error(api(alice).post(URL, NEW), 403)
    assert not Organisation.objects.filter(name=NEW["name"]).exists()


def test_anonymous_gets_401(api: Callable[[User | None], APIClient], db: None):
    assert_error(api(None).post(URL, NEW), 401)


def test_duplicate_name_is_409_naming_name_and_leaves_nothing_behind(
    api: Callable[[User | None], APIClient], network_admin: User
):
    groups = Group.objects.count()

    response = api(network_admin).post(URL, {"name": "london borough of CAMDEN", "kind": "agency"})

    assert_error(response, 409, "name")
    assert Group.objects.count() == groups
    assert not AuditEvent.objects.filter(verb="organisation.created").exists()


def test_taken_slug_is_409_naming_slug(
    api: Callable[[User | None], APIClient], network_admin: User
):
    response = api(network_admin).post(URL, {**NEW, "slug": "camden"})

    assert_error(response, 409, "slug")


def test_unknown_kind_is_400_naming_kind(
    api: Callable[[User | None], APIClient], network_admin: User
):
    assert_error(api(network_admin).post(URL, {**NEW, "kind": "council"}), 400, "kind")


def test_bad_email_domain_is_400_naming_it_and_leaves_no_group(
    api: Callable[[User | None], APIClient], network_admin: User
):
    groups = Group.objects.count()

    response = api(network_admin).post(URL, {**NEW, "email_domains": ["not a domain"]})

    assert_error(response, 400, "email_domains")
    assert Group.objects.count() == groups
    assert not Organisation.objects.filter(name=NEW["name"]).exists()


def test_bad_companies_house_number_is_400_naming_it(
    api: Callable[[User | None], APIClient], network_admin: User
):
    response = api(network_admin).post(URL, {**NEW, "companies_house_number": "12AB"})

    assert_error(response, 400, "companies_house_number")


def test_missing_name_is_400_naming_name(
    api: Callable[[User | None], APIClient], network_admin: User
):
    assert_error(api(network_admin).post(URL, {"kind": "agency"}), 400, "name")


def test_blank_name_is_400_naming_name(
    api: Callable[[User | None], APIClient], network_admin: User
):
    assert_error(api(network_admin).post(URL, {"name": "   ", "kind": "agency"}), 400, "name")


def test_optional_fields_may_be_sent_blank(
    api: Callable[[User | None], APIClient], network_admin: User
):
    response = api(network_admin).post(URL, {**NEW, "companies_house_number": "", "size": ""})

    assert response.status_code == 201, response.content


def test_slug_left_behind_by_a_renamed_organisation_is_not_reused(
    api: Callable[[User | None], APIClient], network_admin: User
):
    # The admin site can change a slug; the organisation keeps its group, named after
    # the old slug, so a new organisation must not take the old slug.
    first = api(network_admin).post(URL, NEW).json()
    Organisation.objects.filter(slug=first["slug"]).update(slug="renamed", name="Renamed")

    response = api(network_admin).post(URL, NEW)

    assert response.status_code == 201, response.content
    assert response.json()["slug"] == "office-for-tests-2"


def test_explicit_slug_left_behind_by_a_renamed_organisation_is_409(
    api: Callable[[User | None], APIClient], network_admin: User
):
    api(network_admin).post(URL, NEW)
    Organisation.objects.filter(slug="office-for-tests").update(slug="renamed", name="Renamed")

    response = api(network_admin).post(URL, {**NEW, "slug": "office-for-tests"})

    assert_error(response, 409, "slug")


def test_a_failure_after_the_group_is_made_rolls_the_group_back(
    network_admin: User, monkeypatch: pytest.MonkeyPatch
):
    groups = Group.objects.count()

    def audit_fails(**kwargs: object) -> None:
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(services, "audit_record", audit_fails)

    with pytest.raises(RuntimeError):
        services.organisation_create(acting_user=network_admin, name="Half Made", kind="agency")

    assert Group.objects.count() == groups
    assert not Organisation.objects.filter(name="Half Made").exists()
