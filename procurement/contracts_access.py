"""The only way to fetch one contract, import or saved pipeline search for a request.

A contract the person may not see is a 404, the same as one that does not exist; one
they may see but not change (another borough's) is a 403. An import and a saved
search are their owners' alone: anyone else gets a 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import status

from loti.accounts.models import Membership, Organisation, User
from loti.api.errors import ApplicationError
from loti.organisations import organisation_named_or_only, public_bodies_of
from loti.permissions import active_organisation_ids
from procurement.models import Contract, ContractImport, PipelineSearch


def _signed_in(user: User | Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_contract_officer(user: User | Any, contract: Contract) -> bool:
    """A member of the borough that holds the contract: may change it."""
    if not _signed_in(user):
        return False
    return (
        Membership.objects.active().filter(user=user, organisation_id=contract.borough_id).exists()
    )


def contract_borough_for(user: User | Any, slug: str | None) -> Organisation:
    """The borough (or other public body) whose register the person adds to."""
    return organisation_named_or_only(
        public_bodies_of(user),
        slug,
        field="borough",
        not_yours="You can only add contracts to the register of a public body you belong to.",
        none="Only officers of a borough or public body can add to its contracts register.",
        several="Say which of your organisations holds the contract.",
    )


def contract_get_for(*, user: User | Any, contract_id: int, write: bool = False) -> Contract:
    """The contract if the person may see it (404 otherwise); with write=True, 403
    unless they are an officer of the borough that holds it."""
    contract = (
        Contract.objects.visible_to(user)
        .select_related("borough", "cpv_code", "supplier")
        .prefetch_related("shared_with")
        .filter(pk=contract_id)
        .first()
    )
    if contract is None:
        raise Http404("No such contract.")
    if write and not is_contract_officer(user, contract):
        raise ApplicationError(
            f"Only officers of {contract.borough.name} can change its contracts.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    return contract


def contract_import_get_for(*, user: User | Any, import_id: int) -> ContractImport:
    """An import of one of the person's organisations, without the file itself."""
    if not _signed_in(user):
        raise Http404("No such import.")
    found = (
        ContractImport.objects.filter(pk=import_id, borough_id__in=active_organisation_ids(user))
        .select_related("borough")
        .defer("content")
        .first()
    )
    if found is None:
        raise Http404("No such import.")
    return found


def pipeline_search_get_for(*, user: User | Any, search_id: int) -> PipelineSearch:
    """Your own saved pipeline search; anyone else's is a 404."""
    if not _signed_in(user):
        raise Http404("No such saved search.")
    found = PipelineSearch.objects.filter(pk=search_id, user=user).select_related("borough").first()
    if found is None:
        raise Http404("No such saved search.")
    return found
