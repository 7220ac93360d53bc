"""Supplier profiles: reads and writes. Any signed-in person may read a supplier's
profile (buyers look for capable companies); only the supplier's members change it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from rest_framework import status

from loti.accounts.models import Organisation, User
from loti.api.errors import ApplicationError
from loti.audit.services import audit_record
from loti.permissions import is_member
from procurement.models import SupplierProfile
from procurement.services import _check_cpv_codes

CASE_STUDY_FIELDS = {"title", "client", "summary", "url"}


def supplier_get_for(*, user: User | Any, slug: str) -> Organisation:
    supplier = Organisation.objects.filter(slug=slug, kind=Organisation.Kind.SUPPLIER).first()
    if supplier is None or not getattr(user, "is_authenticated", False):
        raise Http404("No such supplier.")
    return supplier


def supplier_profile_of(*, supplier: Organisation) -> SupplierProfile:
    """The profile, read with its relations; an unsaved empty one if never written."""
    profile = (
        SupplierProfile.objects.prefetch_related("cpv_interests", "boroughs_served")
        .filter(organisation=supplier)
        .first()
    )
    return profile or SupplierProfile(organisation=supplier)


def _check_case_studies(studies: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    cleaned = []
    for index, study in enumerate(studies):
        unknown = set(study) - CASE_STUDY_FIELDS
        if unknown:
            raise ApplicationError(
                f"Unknown case study field: {', '.join(sorted(unknown))}.",
                field=f"case_studies.{index}",
            )
        if not str(study.get("title", "")).strip():
            raise ApplicationError(
                "Give every case study a title.", field=f"case_studies.{index}.title"
            )
        cleaned.append({key: str(study.get(key, "")).strip() for key in sorted(CASE_STUDY_FIELDS)})
    return cleaned


def _check_boroughs(slugs: Iterable[str]) -> list[Organisation]:
    slugs = list(dict.fromkeys(slugs))
    boroughs = {
        o.slug: o
        for o in Organisation.objects.filter(slug__in=slugs, kind=Organisation.Kind.BOROUGH)
    }
    unknown = [slug for slug in slugs if slug not in boroughs]
    if unknown:
        raise ApplicationError(
            f"Not a London borough: {', '.join(unknown)}.", field="boroughs_served"
        )
    return [boroughs[slug] for slug in slugs]


@transaction.atomic
def supplier_profile_update(
    *, acting_user: User, supplier: Organisation, changes: Mapping[str, Any]
) -> SupplierProfile:
    if not is_member(acting_user, supplier):
        raise ApplicationError(
            f"Only members of {supplier.name} can change its profile.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    profile, _ = SupplierProfile.objects.select_for_update().get_or_create(organisation=supplier)
    if "capabilities" in changes:
        profile.capabilities = str(changes["capabilities"]).strip()
    if "certifications" in changes:
        profile.certifications = list(
            dict.fromkeys(c.strip() for c in changes["certifications"] if c.strip())
        )
    if "case_studies" in changes:
        profile.case_studies = _check_case_studies(changes["case_studies"])
    if "cpv_interests" in changes:
        profile.cpv_interests.set(
            _check_cpv_codes(changes["cpv_interests"], field="cpv_interests", required=False)
        )
    if "boroughs_served" in changes:
        profile.boroughs_served.set(_check_boroughs(changes["boroughs_served"]))
    profile.updated_at = timezone.now()
    profile.save()
    audit_record(
        actor=acting_user,
        verb="supplier.profile_updated",
        target=supplier,
        organisation=supplier,
        detail={"fields": sorted(changes)},
    )
    return profile
