"""The harness calls the app in-process through its real WSGI handler."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from bench import seed, wsgi_client
from bench.scenarios.bids import RESPONSES
from procurement import services
from procurement.models import BidSubmission, Organisation
from tests.bench.conftest import Seeded
from tests.procurement.helpers import make_tender, publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_the_test_transaction() -> Iterator[None]:
    """As Django's test client does: a request's end must not close the connection
    that holds the test's transaction (the benchmark keeps connections open anyway)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_a_get_answers_what_the_api_client_gets(api, seeded: Seeded):
    reply = wsgi_client.get("/api/tenders/", {"division": "72"})

    assert reply.status == 200
    assert len(reply.json()["results"]) > 5  # two empty pages would also be equal
    assert reply.json() == api(None).get("/api/tenders/", {"division": "72"}).json()


def test_a_post_with_a_token_submits_a_bid(seeded: Seeded):
    camden = Organisation.objects.get(slug="camden")
    tender = publish(seeded.officer, make_tender(seeded.officer, camden))
    person = seeded.suppliers[0]
    user = seed.User.objects.get(pk=person)
    bid = services.bid_create(
        acting_user=user,
        tender=tender,
        supplier=user.memberships.get().organisation,
        price=Decimal(50_000),
        responses=RESPONSES,
    )
    token = seed.tokens_for([person])[person]

    reply = wsgi_client.request("POST", f"/api/bids/{bid.pk}/submit/", token=token)

    assert reply.status == 201, reply.body
    assert BidSubmission.objects.get(bid=bid).sha256 == reply.json()["sha256"]
