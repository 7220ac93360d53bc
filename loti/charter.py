"""The London Emerging Technology Charter, carried by projects and tenders that deploy
technology in the public realm."""

from __future__ import annotations

from typing import Any

from django.db import models

CHARTER_ITEMS = [
    ("charter_technology", "What the technology is and why it is used"),
    ("charter_dpia_url", "Data protection impact assessment"),
    ("charter_inclusivity", "Inclusivity statement"),
    ("charter_consequences", "Consequence scanning"),
    ("charter_unused_functionality", "Functionality not in use"),
    ("charter_open_data", "Open data"),
]


class CharterFields(models.Model):
    charter_technology = models.TextField(
        blank=True, help_text="What the technology is and why it is used, in plain English."
    )
    charter_dpia_url = models.URLField(blank=True, help_text="Data protection impact assessment.")
    charter_inclusivity = models.TextField(blank=True)
    charter_consequences = models.TextField(blank=True, help_text="Consequence-scanning notes.")
    charter_unused_functionality = models.TextField(
        blank=True, help_text="Additional functionality that is present but not in use."
    )
    charter_open_data = models.BooleanField(
        null=True, blank=True, help_text="Will non-personal data be shared as open data?"
    )

    class Meta:
        abstract = True


def charter_completeness(item: CharterFields) -> dict[str, Any]:
    missing = [label for field, label in CHARTER_ITEMS if getattr(item, field) in ("", None)]
    return {
        "complete": len(CHARTER_ITEMS) - len(missing),
        "total": len(CHARTER_ITEMS),
        "missing": missing,
    }
