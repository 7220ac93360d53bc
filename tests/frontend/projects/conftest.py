"""Who is who on the project pages.

Camden leads the project and shares it with Islington: alice (Camden's administrator)
is the owner, ivy (Islington) the permitted other, dana (Lambeth) a co-author and
charlie (Hackney) the outsider, who gets 404 as if it did not exist.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from loti.accounts.models import Organisation, User
from loti.visibility import Visibility
from projects import services
from projects.models import Project
from tests.factories import OrganisationFactory, member_of
from tests.projects.helpers import make_project


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> None:
    # Anonymous feedback is limited per address in the cache; every test starts afresh.
    cache.clear()


@pytest.fixture
def islington(db: None) -> Organisation:
    return OrganisationFactory.create(slug="islington-test", name="Islington (test)")


@pytest.fixture
def ivy(islington: Organisation) -> User:
    """An officer of a borough the project is shared with: a permitted other."""
    return member_of(islington, email="ivy@islington-test.example")


@pytest.fixture
def lambeth(db: None) -> Organisation:
    return OrganisationFactory.create(slug="lambeth-test", name="Lambeth (test)")


@pytest.fixture
def project(alice: User, camden: Organisation, islington: Organisation) -> Project:
    return make_project(
        alice,
        camden,
        title="Chatbot for housing repairs",
        summary="Residents report repairs by chat, any time of day.",
        visibility=Visibility.SHARED,
        shared_with=[islington.slug],
        themes=["housing"],
    )


@pytest.fixture
def public_project(alice: User, camden: Organisation) -> Project:
    return make_project(
        alice,
        camden,
        title="Assistive technology pilot",
        summary="Sensors that help people live at home for longer.",
        visibility=Visibility.PUBLIC,
    )


@pytest.fixture
def dana(project: Project, alice: User, lambeth: Organisation) -> User:
    """Lambeth's officer, named a co-author of the project."""
    person = member_of(lambeth, email="dana@lambeth-test.example")
    services.project_coauthor_add(acting_user=alice, project=project, user=person)
    return person
