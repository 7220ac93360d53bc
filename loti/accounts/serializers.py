from __future__ import annotations

from typing import Any

from rest_framework import serializers

from loti.accounts.models import Invitation, Membership, Organisation, User
from loti.accounts.selectors import InvitationPreview


class OrganisationOutput(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["slug", "name", "kind", "email_domains", "is_loti_member", "size"]


class OrganisationCreateInput(serializers.Serializer[None]):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices)
    slug = serializers.SlugField(max_length=80, required=False)
    email_domains = serializers.ListField(
        child=serializers.CharField(max_length=253), required=False
    )
    is_loti_member = serializers.BooleanField(required=False, default=False)
    companies_house_number = serializers.CharField(
        max_length=8, required=False, default="", allow_blank=True
    )
    size = serializers.ChoiceField(
        choices=Organisation.Size.choices, required=False, default="", allow_blank=True
    )


class OrganisationUpdateInput(serializers.Serializer[None]):
    name = serializers.CharField(max_length=200, required=False)
    email_domains = serializers.ListField(
        child=serializers.CharField(max_length=253), required=False
    )
    is_loti_member = serializers.BooleanField(required=False)
    size = serializers.ChoiceField(choices=Organisation.Size.choices, required=False)


class MembershipOutput(serializers.ModelSerializer[Membership]):
    organisation = OrganisationOutput()

    class Meta:
        model = Membership
        fields = ["organisation", "role", "created_at"]


class MemberOutput(serializers.ModelSerializer[Membership]):
    user_id = serializers.IntegerField()
    email = serializers.EmailField(source="user.email")
    full_name = serializers.CharField(source="user.full_name")

    class Meta:
        model = Membership
        fields = ["user_id", "email", "full_name", "role", "created_at"]


class MemberUpdateInput(serializers.Serializer[None]):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class MeOutput(serializers.Serializer[User]):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    is_network_admin = serializers.BooleanField()
    memberships = MembershipOutput(many=True, source="active_memberships")


class InvitationOutput(serializers.ModelSerializer[Invitation]):
    organisation: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    invited_by = serializers.EmailField(source="invited_by.email", allow_null=True, default=None)
    status = serializers.CharField()

    class Meta:
        model = Invitation
        fields = [
            "id",
            "organisation",
            "email",
            "role",
            "invited_by",
            "created_at",
            "expires_at",
            "status",
        ]


class InvitationCreateInput(serializers.Serializer[None]):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Membership.Role.choices, default=Membership.Role.MEMBER)


class InvitationPreviewOutput(serializers.Serializer[InvitationPreview]):
    organisation = OrganisationOutput()
    email = serializers.EmailField()
    role = serializers.CharField()
    status = serializers.CharField()
    expires_at = serializers.DateTimeField()
    account_exists = serializers.BooleanField()


class InvitationAcceptInput(serializers.Serializer[None]):
    full_name = serializers.CharField(max_length=200, required=False, default="")
    password = serializers.CharField(
        required=False, default="", trim_whitespace=False, style={"input_type": "password"}
    )


class TokenInput(serializers.Serializer[None]):
    username = serializers.EmailField(help_text="The e-mail address you sign in with.")
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})
    otp = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=20,
        help_text="If you have turned on two-factor sign-in: the code from your "
        "authenticator app, or a recovery code.",
    )


class TokenOutput(serializers.Serializer[dict[str, str]]):
    token = serializers.CharField()


class SupplierRegisterInput(serializers.Serializer[None]):
    organisation_name = serializers.CharField(max_length=200)
    companies_house_number = serializers.CharField(
        max_length=8, required=False, default="", allow_blank=True
    )
    size = serializers.ChoiceField(choices=Organisation.Size.choices)
    email_domain = serializers.CharField(
        max_length=253, required=False, default="", allow_blank=True
    )
    full_name = serializers.CharField(max_length=200)
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class SupplierRegisterOutput(serializers.Serializer[dict[str, Any]]):
    organisation = OrganisationOutput()
    email = serializers.EmailField()
