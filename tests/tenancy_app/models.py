"""A minimal domain object, used only by the tests, that proves the visibility pattern
and django-guardian's direct foreign-key grants before any real domain app exists."""

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from loti.accounts.models import Organisation
from loti.visibility import VisibleModel, VisibleQuerySet


class NoteQuerySet(VisibleQuerySet["Note"]):
    owner_field = "owner"
    owner_m2m_field = "partners"
    shared_field = "shared_with"
    user_permission_model = "tenancy_app.NoteUserObjectPermission"
    group_permission_model = "tenancy_app.NoteGroupObjectPermission"


class Note(VisibleModel):
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    partners = models.ManyToManyField(Organisation, blank=True, related_name="+")
    shared_with = models.ManyToManyField(Organisation, blank=True, related_name="+")

    objects = NoteQuerySet.as_manager()

    def __str__(self) -> str:
        return self.title


class NoteUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Note, on_delete=models.CASCADE)


class NoteGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Note, on_delete=models.CASCADE)
