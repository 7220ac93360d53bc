"""Demo contracts for `manage.py seed_demo`: a few of Hackney's and Camden's, ending
within the market pipeline's window so that it is not empty on `make run`. Only the
missing ones are added, so running it again changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from loti.accounts.models import Organisation, User
from procurement.contracts import add_months
from procurement.contracts_services import contract_create
from procurement.models import Contract

# (reference, system, supplier, category, CPV code, annual value, months until it
# ends, plan at renewal). Both boroughs' CRM contracts are with Acme, a demo supplier,
# and end in the same month: the collaboration finder's example.
DEMO_CONTRACTS = {
    ("hackney", "officer@hackney.example"): [
        (
            "HAC-CRM-01",
            "Salesforce CRM",
            "Acme Civic Tech Ltd",
            "crm",
            "48445000",
            85_000,
            15,
            "re-procure",
        ),
        (
            "HAC-HSG-02",
            "Northgate Housing",
            "Northgate Public Services",
            "housing",
            "",
            240_000,
            9,
            "replace",
        ),
        (
            "HAC-RB-03",
            "Civica Revenues and Benefits",
            "Civica",
            "revenues-benefits",
            "",
            310_000,
            20,
            "undecided",
        ),
        (
            "HAC-PRK-04",
            "Parking permits",
            "Taranto Systems",
            "parking",
            "",
            45_000,
            11,
            "re-procure",
        ),
        (
            "HAC-LIB-05",
            "Library management system",
            "Axiell",
            "libraries",
            "48161000",
            30_000,
            30,
            "extend",
        ),
    ],
    ("camden", "officer@camden.example"): [
        (
            "CAM-CRM-11",
            "Salesforce CRM",
            "Acme Civic Tech Ltd",
            "crm",
            "48445000",
            95_000,
            15,
            "re-procure",
        ),
        (
            "CAM-ERP-12",
            "Oracle Fusion",
            "Oracle Corporation UK",
            "finance-erp",
            "48451000",
            420_000,
            22,
            "undecided",
        ),
        ("CAM-HR-13", "iTrent HR and payroll", "MHR", "hr", "", 120_000, 8, "re-procure"),
        (
            "CAM-WEB-14",
            "Website content management",
            "BrightPath Ltd",
            "website-cms",
            "",
            35_000,
            12,
            "replace",
        ),
        (
            "CAM-TEL-15",
            "Contact centre telephony",
            "Daisy Communications",
            "telephony",
            "",
            60_000,
            19,
            "extend",
        ),
    ],
}


def demo_contracts_seed(today: date | None = None) -> int:
    """Add the demo contracts that are missing; returns how many were added."""
    today = today or timezone.localdate()
    added = 0
    for (slug, email), rows in DEMO_CONTRACTS.items():
        borough = Organisation.objects.get(slug=slug)
        officer = User.objects.get(email=email)
        have = set(Contract.objects.filter(borough=borough).values_list("reference", flat=True))
        for reference, system, supplier, category, cpv, annual, months, plan in rows:
            if reference in have:
                continue
            ends_on = add_months(today, months)
            contract_create(
                acting_user=officer,
                borough=borough,
                reference=reference,
                system_name=system,
                supplier_name=supplier,
                category=category,
                cpv_code=cpv,
                annual_value=Decimal(annual),
                total_value=Decimal(annual * 5),
                starts_on=add_months(ends_on, -60),
                ends_on=ends_on,
                renewal_plan=plan,
            )
            added += 1
    return added
