"""Visibility as data: PRIVATE, SHARED, NETWORK, PUBLIC — answered in one SQL query.

A domain model subclasses ``VisibleModel`` and gives its queryset ``VisibleQuerySet``
settings; ``Model.objects.visible_to(user)`` is then the only read path to a list of
them. Per-object exceptions (a co-author from another borough, a judge, an evaluator)
are django-guardian grants on the model's direct foreign-key permission tables.
"""

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar, TypeVar

from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.expressions import Expression
from django.db.models.sql.compiler import SQLCompiler

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
    one_condition    visible_to writes the rules as one SQL condition (VisibleTo) whose
                     text is built once per model, instead of composing Q objects and
                     subqueries on every call: the same rules at a fraction of the cost
                     of building and compiling the query, for models read on hot list
                     paths. Such a model keeps the default network_q.
    """

    owner_field: ClassVar[str] = "owner"
    owner_m2m_field: ClassVar[str | None] = None
    shared_field: ClassVar[str] = "shared_with"
    user_permission_model: ClassVar[str | None] = None
    group_permission_model: ClassVar[str | None] = None
    one_condition: ClassVar[bool] = False

    def visible_to(self, user: User | Any) -> VisibleQuerySet[_M]:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.filter(visibility=Visibility.PUBLIC)
        if self.one_condition:
            return self.filter(VisibleTo(type(self), self.model, user_id=user.pk))
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


class VisibleTo(Expression):
    """VisibleQuerySet.visible_to's rules for a signed-in, active user as one SQL
    condition. The text depends only on the model, so it is built once; each use
    compiles three columns of the outer query (aliased, so it also works inside a
    subquery) and binds the user's id. tests/loti/test_visibility.py runs the whole
    rule matrix through both forms."""

    conditional = True
    output_field = models.BooleanField()

    def __init__(
        self, rules: type[VisibleQuerySet[Any]], model: type[models.Model], *, user_id: int
    ) -> None:
        super().__init__()
        self.rules, self.model, self.user_id = rules, model, user_id
        # Resolved against the outer query, these become its (aliased) columns.
        self.columns: list[Any] = [F("pk"), F("visibility"), F(rules.owner_field)]

    def get_source_expressions(self) -> list[Any]:
        return self.columns

    def set_source_expressions(self, exprs: Any) -> None:
        self.columns = list(exprs)

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        pk, visibility, owner = (compiler.compile(column)[0] for column in self.columns)
        template, binds = _rules_sql(self.rules, self.model)
        return template.format(pk=pk, visibility=visibility, owner=owner), [self.user_id] * binds


# The arms of VisibleTo's condition, cheap tests first: PostgreSQL evaluates OR's arms in
# the order written. {visibility}, {owner} and {pk} are the outer query's columns; {mine}
# is the viewer's organisations now, as `= ANY(ARRAY(...))`: one InitPlan run once, which
# PostgreSQL plans faster than `IN (subquery)`. Each %s is the viewer's id.
_MINE = (
    "SELECT vis_mine.organisation_id FROM {membership} vis_mine"
    " WHERE vis_mine.user_id = %s AND vis_mine.ended_at IS NULL"
)
_PUBLIC = "{visibility} = 'public'"
_NETWORK = (
    "({visibility} = 'network' AND EXISTS (SELECT 1 FROM {membership} vis_m"
    " JOIN {organisation} vis_o ON vis_o.id = vis_m.organisation_id"
    " WHERE vis_m.user_id = %s AND vis_m.ended_at IS NULL AND vis_o.is_loti_member))"
)
_OWNER = "{owner} = ANY(ARRAY({mine}))"
_PARTNER = (
    "EXISTS (SELECT 1 FROM {partners} vis_t"
    " WHERE vis_t.{partners_source} = {pk} AND vis_t.{partners_target} = ANY(ARRAY({mine})))"
)
_SHARED = (
    "({visibility} = 'shared' AND EXISTS (SELECT 1 FROM {shared} vis_t"
    " WHERE vis_t.{shared_source} = {pk} AND vis_t.{shared_target} = ANY(ARRAY({mine}))))"
)
_USER_GRANT = (
    "EXISTS (SELECT 1 FROM {user_grants} vis_g"
    " JOIN {permission} vis_p ON vis_p.id = vis_g.permission_id"
    " WHERE vis_g.content_object_id = {pk} AND vis_g.user_id = %s"
    " AND vis_p.codename = '{codename}')"
)
# The organisations' groups as one InitPlan too, so the grants are found through their
# group_id index rather than by scanning every grant.
_GROUP_GRANT = (
    "EXISTS (SELECT 1 FROM {group_grants} vis_g"
    " JOIN {permission} vis_p ON vis_p.id = vis_g.permission_id"
    " WHERE vis_g.content_object_id = {pk} AND vis_p.codename = '{codename}'"
    " AND vis_g.group_id = ANY(ARRAY(SELECT vis_o.group_id FROM {organisation} vis_o"
    " WHERE vis_o.id = ANY(ARRAY({mine})))))"
)


@cache
def _rules_sql(rules: type[VisibleQuerySet[Any]], model: type[models.Model]) -> tuple[str, int]:
    """The rules' SQL with {pk}, {visibility} and {owner} left to fill, and how many
    times the viewer's id is bound in it."""
    if rules.network_q is not VisibleQuerySet.network_q:
        raise ImproperlyConfigured(
            f"{rules.__name__} overrides network_q, which one_condition cannot express."
        )
    names = {
        "membership": _quote(Membership._meta.db_table),
        "organisation": _quote(Organisation._meta.db_table),
        "permission": _quote(Permission._meta.db_table),
        "codename": f"view_{model._meta.model_name}",
    }
    names["mine"] = _MINE.format(**names)
    arms = [_PUBLIC, _NETWORK, _OWNER]
    for key, field_name, arm in (
        ("partners", rules.owner_m2m_field, _PARTNER),
        ("shared", rules.shared_field, _SHARED),
    ):
        if field_name:
            field = model._meta.get_field(field_name)
            through = field.remote_field.through  # type: ignore[union-attr]
            names[key] = _quote(through._meta.db_table)
            for end, name in (
                ("source", field.m2m_column_name()),  # type: ignore[union-attr]
                ("target", field.m2m_reverse_name()),  # type: ignore[union-attr]
            ):
                names[f"{key}_{end}"] = _quote(name)
            arms.append(arm)
    for key, label, arm in (
        ("user_grants", rules.user_permission_model, _USER_GRANT),
        ("group_grants", rules.group_permission_model, _GROUP_GRANT),
    ):
        if label:
            names[key] = _quote(apps.get_model(label)._meta.db_table)
            arms.append(arm)
    # The names are filled in now; the columns stay placeholders for each query.
    names.update({column: "{" + column + "}" for column in ("pk", "visibility", "owner")})
    sql = "(" + " OR ".join(arm.format(**names) for arm in arms) + ")"
    return sql, sql.count("%s")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class VisibleModel(models.Model):
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )

    class Meta:
        abstract = True
