from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth.models import Group

from loti.accounts.models import Membership, Organisation, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.BOROUGH
    is_loti_member = True
    email_domains = factory.LazyAttribute(lambda o: [f"{o.slug}.example"])
    group = factory.LazyAttribute(lambda o: Group.objects.create(name=f"organisation:{o.slug}"))


class SupplierFactory(OrganisationFactory):
    kind = Organisation.Kind.SUPPLIER
    is_loti_member = False
    size = Organisation.Size.SMALL


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER

    @factory.post_generation
    def join_group(obj: Membership, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.user.groups.add(obj.organisation.group)


def member_of(
    organisation: Organisation,
    *,
    role: str = Membership.Role.MEMBER,
    email: str | None = None,
    **fields: object,
) -> User:
    """A new person in the organisation, with an address at its first e-mail domain."""
    user = UserFactory.create(
        email=email or f"{UserFactory.build().email.split('@')[0]}@{organisation.email_domains[0]}",
        **fields,
    )
    MembershipFactory.create(user=user, organisation=organisation, role=role)
    return user
