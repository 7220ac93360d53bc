from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import status

from loti.accounts.models import Membership, User
from loti.api.errors import ApplicationError
from projects.models import Project


def project_can_edit(user: User | Any, project: Project) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    owners = [project.lead_organisation_id, *project.partners.values_list("id", flat=True)]
    if Membership.objects.active().filter(user=user, organisation_id__in=owners).exists():
        return True
    return bool(user.has_perm("projects.change_project", project))


def project_get_for(*, user: User | Any, project_id: int, write: bool = False) -> Project:
    """The project if the user may see it (404 otherwise, as if it did not exist);
    with write=True, 403 unless they may also edit it."""
    project = (
        Project.objects.visible_to(user)
        .select_related("lead_organisation")
        .prefetch_related("shared_with", "partners", "outcomes", "links")
        .filter(pk=project_id)
        .first()
    )
    if project is None:
        raise Http404("No such project.")
    if write and not project_can_edit(user, project):
        raise ApplicationError(
            "Only the project's organisations and co-authors can edit it.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    return project
