"""A project's outcomes and links through the API: who may read and write them, how
each change is an edit of the project (its version, its ETag, its history), and bad
input refused by name with nothing saved.

Camden leads the project and shares it with Islington: alice (Camden) is the owner,
dana (Lambeth) a co-author from another borough, ivy (Islington) a reader, charlie
(Hackney) an outsider who must not learn it exists."""

from __future__ import annotations

from decimal import Decimal

import pytest

from loti.accounts.models import Organisation, User
from loti.api.errors import ApplicationError
from loti.audit.models import AuditEvent
from loti.visibility import Visibility
from projects import outcomes_links, services
from projects.models import Outcome, Project, ProjectLink, ProjectRevision
from tests.factories import OrganisationFactory, member_of
from tests.projects.helpers import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def islington(db: None) -> Organisation:
    return OrganisationFactory.create(slug="islington-test", name="Islington (test)")


@pytest.fixture
def ivy(islington: Organisation) -> User:
    return member_of(islington, email="ivy@islington-test.example")


@pytest.fixture
def project(alice: User, camden: Organisation, islington: Organisation) -> Project:
    return make_project(
        alice,
        camden,
        title="Chatbot for housing repairs",
        visibility=Visibility.SHARED,
        shared_with=[islington.slug],
    )


@pytest.fixture
def dana(project: Project, alice: User) -> User:
    lambeth = OrganisationFactory.create(slug="lambeth-test", name="Lambeth (test)")
    person = member_of(lambeth, email="dana@lambeth-test.example")
    services.project_coauthor_add(acting_user=alice, project=project, user=person)
    return person


@pytest.fixture
def people(alice, dana, ivy, charlie) -> dict[str, User | None]:
    return {"alice": alice, "dana": dana, "ivy": ivy, "charlie": charlie, "anonymous": None}


def current(project: Project) -> Project:
    return Project.objects.get(pk=project.pk)


def if_match(project: Project) -> dict[str, str]:
    return {"HTTP_IF_MATCH": f'"project-{project.pk}-v{current(project).version}"'}


def add_outcome(user: User, project: Project, **fields) -> Outcome:
    fields.setdefault("measure", "Repairs reported each month")
    return outcomes_links.outcome_add(acting_user=user, project=current(project), **fields)


def add_link(user: User, project: Project, **fields) -> ProjectLink:
    fields.setdefault("title", "Alpha assessment")
    fields.setdefault("url", "https://example.org/alpha")
    return outcomes_links.link_add(acting_user=user, project=current(project), **fields)


# Who may call each endpoint: (method, kind, on one item?, data, expected by person).
READ = {"alice": 200, "dana": 200, "ivy": 200, "charlie": 404, "anonymous": 404}


def writes(ok: int) -> dict[str, int]:
    """The project's organisations and its co-authors write; a reader is refused; the
    outsider does not learn the project exists."""
    return {"alice": ok, "dana": ok, "ivy": 403, "charlie": 404, "anonymous": 401}


CASES = [
    ("get", "outcomes", False, None, READ),
    ("post", "outcomes", False, {"measure": "Calls answered", "target": "90"}, writes(201)),
    ("get", "outcomes", True, None, READ),
    ("patch", "outcomes", True, {"actual": "410"}, writes(200)),
    ("delete", "outcomes", True, None, writes(204)),
    ("get", "links", False, None, READ),
    ("post", "links", False, {"title": "Report", "url": "https://example.org/r"}, writes(201)),
    ("get", "links", True, None, READ),
    ("patch", "links", True, {"title": "Beta report"}, writes(200)),
    ("delete", "links", True, None, writes(204)),
]


@pytest.mark.parametrize(
    ("method", "kind", "one", "data", "expected", "person"),
    [
        pytest.param(*case, person, id=f"{case[0]}-{case[1]}{'-one' if case[2] else ''}-{person}")
        for case in CASES
        for person in case[4]
    ],
)
def test_who_may_call_it(api, people, alice, project, method, kind, one, data, expected, person):
    item = add_outcome(alice, project) if kind == "outcomes" else add_link(alice, project)
    url = f"/api/projects/{project.pk}/{kind}/" + (f"{item.pk}/" if one else "")
    before = (current(project).version, Outcome.objects.count(), ProjectLink.objects.count())

    response = getattr(api(people[person]), method)(url, data, format="json", **if_match(project))

    assert response.status_code == expected[person], response.content
    if method != "get" and expected[person] >= 400:
        after = (current(project).version, Outcome.objects.count(), ProjectLink.objects.count())
        assert after == before


class TestOutcomes:
    def test_adding_an_outcome_is_a_revision_of_the_project(self, api, alice, project):
        response = api(alice).post(
            f"/api/projects/{project.pk}/outcomes/",
            {"measure": "Repairs reported each month", "baseline": "320", "target": "500"},
            format="json",
        )

        assert response.status_code == 201
        assert response.json() == {
            "id": Outcome.objects.get().pk,
            "measure": "Repairs reported each month",
            "baseline": "320.00",
            "target": "500.00",
            "actual": None,
        }
        assert response["ETag"] == f'"project-{project.pk}-v2"'
        revision = ProjectRevision.objects.get(project=project, number=2)
        assert (revision.author, revision.changed_fields) == (alice, ["outcomes"])
        assert revision.snapshot["outcomes"] == [
            {
                "measure": "Repairs reported each month",
                "baseline": "320.00",
                "target": "500.00",
                "actual": None,
            }
        ]
        assert AuditEvent.objects.filter(verb="project.outcome_added").count() == 1

    def test_readers_see_outcomes_in_the_project(self, api, alice, ivy, project):
        add_outcome(alice, project, target=Decimal("500"))

        body = api(ivy).get(f"/api/projects/{project.pk}/").json()

        assert [(o["measure"], o["target"]) for o in body["outcomes"]] == [
            ("Repairs reported each month", "500.00")
        ]
        assert body["version"] == 2

    def test_outcomes_keep_the_order_they_were_added_in(self, api, alice, project):
        for measure in ("Calls answered", "Repairs reported", "Residents satisfied (%)"):
            add_outcome(alice, project, measure=measure)

        rows = api(alice).get(f"/api/projects/{project.pk}/outcomes/").json()

        assert [row["measure"] for row in rows] == [
            "Calls answered",
            "Repairs reported",
            "Residents satisfied (%)",
        ]

    def test_changing_an_outcome_needs_the_current_etag(self, api, alice, project):
        outcome = add_outcome(alice, project)
        url = f"/api/projects/{project.pk}/outcomes/{outcome.pk}/"
        client = api(alice)

        missing = client.patch(url, {"actual": "410"}, format="json")
        stale = client.patch(
            url, {"actual": "410"}, format="json", HTTP_IF_MATCH=f'"project-{project.pk}-v1"'
        )
        fresh = client.patch(url, {"actual": "410"}, format="json", **if_match(project))

        assert missing.status_code == 428
        assert "If-Match" in missing.json()["fields"]
        assert stale.status_code == 412
        assert fresh.status_code == 200
        assert fresh.json()["actual"] == "410.00"
        assert fresh["ETag"] == f'"project-{project.pk}-v3"'
        assert ProjectRevision.objects.get(project=project, number=3).changed_fields == ["outcomes"]

    def test_an_outcome_changed_from_an_older_version_is_not_saved(self, api, alice, bob, project):
        outcome = add_outcome(alice, project)
        opened = if_match(project)
        # Bob saves first.
        outcomes_links.outcome_update(
            acting_user=bob, outcome=outcome, expected_version=2, changes={"actual": Decimal(400)}
        )

        response = api(alice).patch(
            f"/api/projects/{project.pk}/outcomes/{outcome.pk}/",
            {"actual": "410"},
            format="json",
            **opened,
        )

        assert response.status_code == 412
        outcome.refresh_from_db()
        assert outcome.actual == Decimal("400")

    def test_adding_needs_no_etag_but_a_stale_one_is_refused(self, api, alice, project):
        client = api(alice)
        url = f"/api/projects/{project.pk}/outcomes/"
        stale = client.post(
            url, {"measure": "Calls"}, format="json", HTTP_IF_MATCH=f'"project-{project.pk}-v9"'
        )

        assert stale.status_code == 412
        assert not Outcome.objects.exists()
        assert client.post(url, {"measure": "Calls"}, format="json").status_code == 201

    def test_an_older_project_etag_is_stale_after_an_outcome_is_added(self, api, alice, project):
        opened = if_match(project)
        add_outcome(alice, project)

        response = api(alice).patch(
            f"/api/projects/{project.pk}/", {"summary": "Changed."}, format="json", **opened
        )

        assert response.status_code == 412
        assert current(project).summary != "Changed."

    def test_saving_an_outcome_unchanged_is_no_new_version(self, api, alice, project):
        outcome = add_outcome(alice, project, target=Decimal("500"))

        response = api(alice).patch(
            f"/api/projects/{project.pk}/outcomes/{outcome.pk}/",
            {"target": "500.0"},
            format="json",
            **if_match(project),
        )

        assert response.status_code == 200
        assert response["ETag"] == f'"project-{project.pk}-v2"'
        assert ProjectRevision.objects.filter(project=project).count() == 2

    def test_removing_an_outcome_is_recorded(self, api, alice, project):
        outcome = add_outcome(alice, project)

        response = api(alice).delete(
            f"/api/projects/{project.pk}/outcomes/{outcome.pk}/", **if_match(project)
        )

        assert response.status_code == 204
        assert response["ETag"] == f'"project-{project.pk}-v3"'
        assert not Outcome.objects.exists()
        revision = ProjectRevision.objects.get(project=project, number=3)
        assert (revision.changed_fields, revision.snapshot["outcomes"]) == (["outcomes"], [])

    def test_removing_needs_the_etag(self, api, alice, project):
        outcome = add_outcome(alice, project)

        response = api(alice).delete(f"/api/projects/{project.pk}/outcomes/{outcome.pk}/")

        assert response.status_code == 428
        assert Outcome.objects.count() == 1

    def test_the_history_compares_outcomes(self, api, alice, project):
        outcome = add_outcome(alice, project, target=Decimal("500"))
        outcomes_links.outcome_update(
            acting_user=alice, outcome=outcome, expected_version=2, changes={"actual": 410}
        )

        changes = (
            api(alice).get(f"/api/projects/{project.pk}/revisions/compare/?from=1&to=3").json()
        )

        assert changes == [
            {
                "field": "outcomes",
                "before": [],
                "after": [
                    {
                        "measure": "Repairs reported each month",
                        "baseline": None,
                        "target": "500.00",
                        "actual": "410.00",
                    }
                ],
            }
        ]

    def test_revisions_saved_before_outcomes_were_recorded_compare_as_having_none(
        self, api, alice, project
    ):
        revision = ProjectRevision.objects.get(project=project, number=1)
        del revision.snapshot["outcomes"], revision.snapshot["links"]
        revision.save()
        services.project_update(
            acting_user=alice, project=project, expected_version=1, changes={"summary": "New."}
        )

        changes = (
            api(alice).get(f"/api/projects/{project.pk}/revisions/compare/?from=1&to=2").json()
        )

        assert [change["field"] for change in changes] == ["summary"]

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            ({"measure": ""}, "measure"),
            ({"measure": "   "}, "measure"),
            ({"target": "500"}, "measure"),
            ({"measure": "Calls", "baseline": "lots"}, "baseline"),
            ({"measure": "Calls", "target": "500 a month"}, "target"),
            ({"measure": "Calls", "actual": "12.345"}, "actual"),
            ({"measure": "Calls", "actual": "1e15"}, "actual"),
            ({"measure": "x" * 201}, "measure"),
        ],
    )
    def test_bad_input_is_refused_by_name_and_nothing_is_saved(
        self, api, alice, project, data, field
    ):
        response = api(alice).post(f"/api/projects/{project.pk}/outcomes/", data, format="json")

        assert response.status_code == 400
        assert field in response.json()["fields"]
        assert not Outcome.objects.exists()
        assert (current(project).version, ProjectRevision.objects.count()) == (1, 1)

    def test_a_bad_change_is_refused_by_name_and_nothing_is_saved(self, api, alice, project):
        outcome = add_outcome(alice, project, target=Decimal("500"))

        response = api(alice).patch(
            f"/api/projects/{project.pk}/outcomes/{outcome.pk}/",
            {"target": "about 500", "actual": "400"},
            format="json",
            **if_match(project),
        )

        assert response.status_code == 400
        assert list(response.json()["fields"]) == ["target"]
        outcome.refresh_from_db()
        assert (outcome.target, outcome.actual, current(project).version) == (
            Decimal("500"),
            None,
            2,
        )

    def test_the_service_refuses_a_value_that_is_not_a_number(self, alice, project):
        with pytest.raises(ApplicationError) as refused:
            add_outcome(alice, project, baseline="three hundred")

        assert refused.value.fields == {"baseline": [refused.value.message]}
        assert not Outcome.objects.exists()

    def test_a_project_holds_at_most_thirty_outcomes(self, api, alice, project):
        for n in range(outcomes_links.MAX_OUTCOMES):
            add_outcome(alice, project, measure=f"Measure {n}")

        response = api(alice).post(
            f"/api/projects/{project.pk}/outcomes/", {"measure": "One more"}, format="json"
        )

        assert response.status_code == 409
        assert Outcome.objects.count() == outcomes_links.MAX_OUTCOMES

    def test_an_outcome_of_another_project_is_not_found(self, api, alice, camden, project):
        other = make_project(alice, camden, title="Another")
        outcome = add_outcome(alice, other)

        response = api(alice).get(f"/api/projects/{project.pk}/outcomes/{outcome.pk}/")

        assert response.status_code == 404

    def test_followers_are_told(self, alice, ivy, project):
        from loti.notifications.models import Notification
        from projects import collaboration

        collaboration.project_follow(acting_user=ivy, project=project)
        add_outcome(alice, project)

        notice = Notification.objects.get(recipient=ivy)
        assert "added an outcome: Repairs reported each month" in notice.body


class TestLinks:
    def test_adding_a_link_is_a_revision_of_the_project(self, api, alice, ivy, project):
        response = api(alice).post(
            f"/api/projects/{project.pk}/links/",
            {"title": "Alpha assessment", "url": "https://example.org/alpha"},
            format="json",
        )

        assert response.status_code == 201
        assert response["ETag"] == f'"project-{project.pk}-v2"'
        revision = ProjectRevision.objects.get(project=project, number=2)
        assert revision.changed_fields == ["links"]
        assert revision.snapshot["links"] == [
            {"title": "Alpha assessment", "url": "https://example.org/alpha"}
        ]
        body = api(ivy).get(f"/api/projects/{project.pk}/").json()
        assert body["links"] == [
            {
                "id": ProjectLink.objects.get().pk,
                "title": "Alpha assessment",
                "url": "https://example.org/alpha",
            }
        ]

    def test_changing_and_removing_a_link_are_recorded(self, api, alice, project):
        link = add_link(alice, project)
        url = f"/api/projects/{project.pk}/links/{link.pk}/"
        client = api(alice)

        changed = client.patch(
            url, {"title": "Beta assessment"}, format="json", **if_match(project)
        )
        removed = client.delete(url, **if_match(project))

        assert (changed.status_code, changed.json()["title"]) == (200, "Beta assessment")
        assert removed.status_code == 204
        assert [r.changed_fields for r in ProjectRevision.objects.filter(number__gt=1)] == [
            ["links"],
            ["links"],
            ["links"],
        ]
        assert not ProjectLink.objects.exists()

    def test_a_stale_etag_saves_nothing(self, api, alice, project):
        link = add_link(alice, project)

        response = api(alice).patch(
            f"/api/projects/{project.pk}/links/{link.pk}/",
            {"title": "Beta assessment"},
            format="json",
            HTTP_IF_MATCH=f'"project-{project.pk}-v1"',
        )

        assert response.status_code == 412
        link.refresh_from_db()
        assert link.title == "Alpha assessment"

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            ({"title": "", "url": "https://example.org"}, "title"),
            ({"title": "Report", "url": ""}, "url"),
            ({"title": "Report"}, "url"),
            ({"title": "Report", "url": "ftp://example.org/report.pdf"}, "url"),
            ({"title": "Report", "url": "javascript:alert(1)"}, "url"),
            ({"title": "Report", "url": "example.org/report"}, "url"),
            ({"title": "Report", "url": "https://"}, "url"),
            ({"title": "Report", "url": "https://example.org/" + "x" * 200}, "url"),
        ],
    )
    def test_bad_input_is_refused_by_name_and_nothing_is_saved(
        self, api, alice, project, data, field
    ):
        response = api(alice).post(f"/api/projects/{project.pk}/links/", data, format="json")

        assert response.status_code == 400
        assert field in response.json()["fields"]
        assert not ProjectLink.objects.exists()
        assert (current(project).version, ProjectRevision.objects.count()) == (1, 1)

    def test_a_link_cannot_be_changed_to_another_kind_of_address(self, api, alice, project):
        link = add_link(alice, project)

        response = api(alice).patch(
            f"/api/projects/{project.pk}/links/{link.pk}/",
            {"url": "data:text/html,<script>alert(1)</script>"},
            format="json",
            **if_match(project),
        )

        assert response.status_code == 400
        assert "url" in response.json()["fields"]
        link.refresh_from_db()
        assert link.url == "https://example.org/alpha"
