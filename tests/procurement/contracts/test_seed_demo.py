"""seed_demo adds a few of Hackney's and Camden's contracts, so the market pipeline is
not empty on `make run`; running it again changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from procurement.contracts_selectors import ContractFilters, pipeline_contracts, pipeline_window
from procurement.models import Contract
from tests.factories import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)


def test_the_demo_has_contracts_in_the_pipeline(db):
    call_command("seed_demo")

    boroughs = set(Contract.objects.values_list("borough__slug", flat=True))
    assert boroughs == {"hackney", "camden"}
    acme = member_of(Contract.objects.filter(supplier__isnull=False).first().supplier)
    seen = pipeline_contracts(user=acme, filters=ContractFilters(), window=pipeline_window())
    assert seen.filter(borough__slug="hackney", category="crm").exists()


def test_running_it_again_changes_nothing(db):
    call_command("seed_demo")
    before = list(Contract.objects.order_by("pk").values_list("pk", "updated_at"))

    call_command("seed_demo")

    assert list(Contract.objects.order_by("pk").values_list("pk", "updated_at")) == before
