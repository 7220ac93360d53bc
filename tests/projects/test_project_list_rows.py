"""The project list is written from plain rows (its fast path); it must say exactly
what ProjectListOutput, the documented shape, says about the same projects."""

from __future__ import annotations

import pytest

from loti.visibility import Visibility
from projects import selectors
from projects.serializers import ProjectListOutput, project_list_output
from tests.projects.helpers import make_project

pytestmark = pytest.mark.django_db


def test_the_fast_list_says_what_the_model_serializer_says(api, alice, camden, hackney):
    make_project(alice, camden, title="Damp sensors", themes=["housing"], tags=["iot"])
    make_project(alice, camden, title="Chatbot", visibility=Visibility.NETWORK)

    documented = ProjectListOutput(selectors.projects_visible_to(user=alice), many=True).data
    fast = project_list_output(selectors.project_list_rows(user=alice))

    assert len(fast) == 2
    assert fast == [dict(row) for row in documented]
    assert api(alice).get("/api/projects/").json()["results"] == fast
    searched = api(alice).get("/api/projects/", {"search": "damp"}).json()["results"]
    assert [row["title"] for row in searched] == ["Damp sensors"]
