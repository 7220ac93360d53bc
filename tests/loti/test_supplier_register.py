"""POST /api/suppliers/register/: a small company signs itself up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from loti.accounts import services
from loti.accounts.models import Membership, Organisation, User
from loti.audit.models import AuditEvent
from tests.factories import UserFactory
from tests.loti.helpers import assert_error

URL = "/api/suppliers/register/"
NEW = {
    "organisation_name": "Widget Works Ltd",
    "companies_house_number": "sc123456",
    "size": "micro",
    "email_domain": "widgets.example",
    "full_name": "Wendy Widget",
    "email": "Wendy@Widgets.example",
    "password": "a-long-enough-passphrase",
}


def register(api: Callable[[User | None], APIClient], **changes: Any) -> Any:
    return api(None).post(URL, {**NEW, **changes})


def assert_nothing_created() -> None:
    assert not Organisation.objects.filter(kind=Organisation.Kind.SUPPLIER).exists()
    assert not User.objects.filter(email="wendy@widgets.example").exists()
    assert not Group.objects.filter(name__startswith="organisation:widget").exists()


def test_it_creates_the_company_and_its_administrator(
    api: Callable[[User | None], APIClient], db: None
):
    response = register(api)

    assert response.status_code == 201, response.content
    assert response.json() == {
        "organisation": {
            "slug": "widget-works-ltd",
            "name": "Widget Works Ltd",
            "kind": "supplier",
            "email_domains": ["widgets.example"],
            "is_loti_member": False,
            "size": "micro",
        },
        "email": "wendy@widgets.example",
    }
    organisation = Organisation.objects.get(slug="widget-works-ltd")
    assert organisation.companies_house_number == "SC123456"
    user = User.objects.get(email="wendy@widgets.example")
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (organisation, "admin")
    assert user.groups.filter(pk=organisation.group_id).exists()
    assert AuditEvent.objects.get(verb="supplier.registered").actor == user


def test_new_administrator_can_sign_in(api: Callable[[User | None], APIClient], db: None):
    register(api)

    response = APIClient().post(
        "/api/auth/token/", {"username": "wendy@widgets.example", "password": NEW["password"]}
    )

    assert response.status_code == 200


def test_email_domain_is_optional(api: Callable[[User | None], APIClient], db: None):
    response = register(api, email_domain="", companies_house_number="")

    assert response.status_code == 201
    assert response.json()["organisation"]["email_domains"] == []


def test_duplicate_email_is_400_naming_email_and_creates_no_organisation(
    api: Callable[[User | None], APIClient], db: None
):
    UserFactory.create(email="wendy@widgets.example")

    assert_error(register(api), 400, "email")
    assert not Organisation.objects.filter(kind=Organisation.Kind.SUPPLIER).exists()


def test_duplicate_company_name_is_409_naming_organisation_name(
    api: Callable[[User | None], APIClient], acme: Organisation
):
    assert_error(register(api, organisation_name="ACME (test)"), 409, "organisation_name")
    assert not User.objects.filter(email="wendy@widgets.example").exists()


def test_bad_companies_house_number_is_400_naming_it(
    api: Callable[[User | None], APIClient], db: None
):
    assert_error(register(api, companies_house_number="12AB"), 400, "companies_house_number")
    assert_nothing_created()


def test_email_not_at_the_company_domain_is_400_naming_email(
    api: Callable[[User | None], APIClient], db: None
):
    assert_error(register(api, email="wendy@gmail.example"), 400, "email")
    assert_nothing_created()


def test_bad_email_domain_is_400_naming_email_domain(
    api: Callable[[User | None], APIClient], db: None
):
    # A valid address (Django accepts user@localhost) at a domain no organisation can have.
    response = register(api, email_domain="localhost", email="wendy@localhost")

    assert_error(response, 400, "email_domain")
    assert_nothing_created()


def test_unknown_size_is_400_naming_size(api: Callable[[User | None], APIClient], db: None):
    assert_error(register(api, size="enormous"), 400, "size")
    assert_nothing_created()


def test_weak_password_is_400_naming_password(api: Callable[[User | None], APIClient], db: None):
    assert_error(register(api, password="widgets"), 400, "password")
    assert_nothing_created()


def test_missing_fields_are_named(api: Callable[[User | None], APIClient], db: None):
    response = api(None).post(URL, {})

    assert_error(response, 400, "organisation_name", "size", "full_name", "email", "password")


def test_malformed_json_is_400_in_the_error_shape(
    api: Callable[[User | None], APIClient], db: None
):
    response = api(None).post(URL, '{"organisation_name": ', content_type="application/json")

    assert_error(response, 400)
    assert_nothing_created()


def test_every_error_names_a_field_the_client_sent(
    api: Callable[[User | None], APIClient], acme: Organisation
):
    UserFactory.create(email="taken@widgets.example")
    bad_requests = [
        {"organisation_name": "Acme (test)"},
        {"organisation_name": "   "},
        {"email": "taken@widgets.example"},
        {"email_domain": "localhost", "email": "wendy@localhost"},
        {"companies_house_number": "X"},
        {"password": "x"},
        {"full_name": " "},
    ]
    for changes in bad_requests:
        response = register(api, **changes)
        assert response.status_code in {400, 409}, (changes, response.content)
        fields = set(response.json()["fields"])
        assert fields, (changes, response.json())
        assert fields <= set(NEW), (changes, response.json())


def test_a_failure_after_the_company_is_made_leaves_nothing_behind(
    db: None, monkeypatch: pytest.MonkeyPatch
):
    def membership_fails(**kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "membership_add", membership_fails)
    data = {**NEW, "email": "wendy@widgets.example"}

    with pytest.raises(RuntimeError):
        services.supplier_register(**data)

    assert_nothing_created()
