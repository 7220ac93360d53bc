"""The board's list is written from plain rows (its fast path); it must say exactly
what TenderListOutput, the documented shape, says about the same tenders."""

from __future__ import annotations

from decimal import Decimal

import pytest

from procurement import selectors
from procurement.serializers import TenderListOutput, tender_list_output
from tests.procurement.helpers import close, make_tender, publish

pytestmark = pytest.mark.django_db


def test_the_fast_list_says_what_the_model_serializer_says(api, alice, camden, hackney, cpv):
    publish(alice, make_tender(alice, camden, cpv_codes=["72000000", "48000000"]))
    closed = publish(
        alice, make_tender(alice, camden, title="Cleaning", value_max=Decimal("1234567.50"))
    )
    close(closed)
    make_tender(alice, camden, title="A draft only Camden sees")
    filters = selectors.TenderFilters()

    documented = TenderListOutput(
        selectors.tenders_visible_to(user=alice, filters=filters), many=True
    ).data
    fast = tender_list_output(selectors.tender_list_rows(user=alice, filters=filters))

    assert len(fast) == 3
    assert fast == [dict(row) for row in documented]
    assert api(alice).get("/api/tenders/").json()["results"] == fast
