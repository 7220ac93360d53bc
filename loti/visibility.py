"""Visibility as data: PRIVATE, SHARED, NETWORK, PUBLIC — answered in one SQL query.

A domain model subclasses ``VisibleModel`` and gives its queryset ``VisibleQuerySet``
settings; ``Model.objects.visible_to(user)`` is then the only read path to a list of
them. Per-object exceptions (a co-author from another borough, a judge, an evaluator)
are django-guardian grants on the model's direct foreign-key permission tables.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q

from loti.accounts.models import Membership, Organisation, User
from loti.permissions import active_organisation_ids, is_network_member


class Visibility(models.TextChoices):
    PRIVATE = "private", "Private: the owner organisations only"
    SHARED = "shared", "Shared: the owners and the organisations named"
    NETWORK = "network", "Network: every LOTI member organisation"
    PUBLIC = "public", "Public: anyone, signed in or not"


_M = TypeVar("_M", bound=models.Model)


class VisibleQuerySet(models.QuerySet[_M]):
    """Settings, overridable per model:

    owner_field      FK to Organisation that owns the object
    owner_m2m_field  optional M2M of further owner organisations (partners, joint buyers)
    shared_field     M2M of organisations a SHARED object is shared with
    user_permission_model / group_permission_model
                     "app_label.Model" of guardian's direct foreign-key permission rows
    """

    owner_field: ClassVar[str] = "owner"
    owner_m2m_field: ClassVar[str | None] = None
    shared_field: ClassVar[str] = "shared_with"
    user_permission_model: ClassVar[str | None] = None
    group_permission_model: ClassVar[str | None] = None

    def visible_to(self, user: User | Any) -> VisibleQuerySet[_M]:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.filter(visibility=Visibility.PUBLIC)
        org_ids = active_organisation_ids(user)
        condition = Q(visibility=Visibility.PUBLIC) | self.owned_by_q(org_ids)
        condition |= Q(visibility=Visibility.NETWORK) & self.network_q(user)
        condition |= Q(visibility=Visibility.SHARED) & Q(
            Exists(self._m2m_rows(self.shared_field, org_ids))
        )
        condition |= self._granted_q(user, org_ids)
        return self.filter(condition)

    def network_q(self, user: User) -> Q:
        """Whom a NETWORK object reaches: people of LOTI member organisations. A model
        whose network is wider (the contracts register's includes suppliers) says so here."""
        return Q(Exists(is_network_member(user)))

    def owned_by(self, user: User) -> VisibleQuerySet[_M]:
        """Objects of the user's own organisations, whatever their visibility."""
        return self.filter(self.owned_by_q(active_organisation_ids(user)))

    def owned_by_q(self, org_ids: models.QuerySet[Membership, Any]) -> Q:
        condition = Q(**{f"{self.owner_field}__in": org_ids})
        if self.owner_m2m_field:
            condition |= Q(Exists(self._m2m_rows(self.owner_m2m_field, org_ids)))
        return condition

    def _m2m_rows(
        self, field_name: str, org_ids: models.QuerySet[Membership, Any]
    ) -> models.QuerySet[Any]:
        field = self.model._meta.get_field(field_name)
        through = field.remote_field.through  # type: ignore[union-attr]
        source = field.m2m_field_name()  # type: ignore[union-attr]
        target = field.m2m_reverse_field_name()  # type: ignore[union-attr]
        return through.objects.filter(**{source: OuterRef("pk"), f"{target}__in": org_ids})

    def _granted_q(self, user: User, org_ids: models.QuerySet[Membership, Any]) -> Q:
        codename = f"view_{self.model._meta.model_name}"
        condition = Q(pk__in=[])
        if self.user_permission_model:
            rows = apps.get_model(self.user_permission_model).objects.filter(
                content_object=OuterRef("pk"), user=user, permission__codename=codename
            )
            condition |= Q(Exists(rows))
        if self.group_permission_model:
            groups = Organisation.objects.filter(pk__in=org_ids).values("group_id")
            rows = apps.get_model(self.group_permission_model).objects.filter(
                content_object=OuterRef("pk"), group_id__in=groups, permission__codename=codename
            )
            condition |= Q(Exists(rows))
        return condition


class VisibleModel(models.Model):
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )

    class Meta:
        abstract = True
