"""The panel on the round page: the owners and the chair take judges off it (after a
page saying what that undoes) and hand the chair to another judge."""

from __future__ import annotations

from challenges.models import Assignment, PanelMember, ScoreSheet
from tests.challenges.helpers import score
from tests.frontend.challenges.helpers import count_queries, text
from tests.frontend.helpers import read, title


def place(released, user) -> PanelMember:
    return PanelMember.objects.get(round=released.round, user=user)


def remove_url(released, member: PanelMember) -> str:
    return f"/challenges/rounds/{released.round.pk}/panel/{member.pk}/remove/"


def chair_url(released, member: PanelMember) -> str:
    return f"/challenges/rounds/{released.round.pk}/panel/{member.pk}/chair/"


def test_the_owners_and_the_chair_see_the_panel_with_its_changes(client, alice, released):
    jo = released.judges[0]
    for user in (alice, released.chair):
        client.force_login(user)
        html = text(client.get(f"/challenges/rounds/{released.round.pk}/"))
        assert 'id="panel"' in html
        assert f'action="{chair_url(released, place(released, jo))}"' in html
        assert f'href="{remove_url(released, place(released, jo))}"' in html
        # The chair's own row offers neither: the panel keeps its chair.
        assert remove_url(released, place(released, released.chair)) not in html
    client.force_login(jo)
    html = text(client.get(f"/challenges/rounds/{released.round.pk}/"))
    assert 'id="panel"' not in html and "/panel/" not in html


def test_the_removal_page_says_what_it_undoes(client, alice, released):
    jo = released.judges[0]
    score(jo, released.round, released.entries["acme"], 3, 3)
    client.force_login(alice)

    response = client.get(remove_url(released, place(released, jo)))

    page = read(response)
    assert page.title == title(f"Take {jo.full_name} off the panel")
    html = text(response)
    assert "1 entry they have not scored goes back to be assigned to another judge." in html
    assert "The scores they gave 1 entry will no longer count" in html
    assert "They stay in the audit log." in html


def test_taking_a_judge_off(client, released):
    jo = released.judges[0]
    score(jo, released.round, released.entries["acme"], 3, 3)
    client.force_login(released.chair)

    response = client.post(remove_url(released, place(released, jo)))

    assert response["Location"] == f"/challenges/rounds/{released.round.pk}/"
    assert not PanelMember.objects.filter(round=released.round, user=jo).exists()
    assert not Assignment.objects.filter(judge=jo).exists()
    assert not ScoreSheet.objects.filter(judge=jo).exists()
    banner = text(client.get(response["Location"]))
    assert f"{jo.email} is no longer on the panel. They have been told." in banner


def test_removing_the_chair_is_refused_on_the_page(client, alice, released):
    chair_place = place(released, released.chair)
    client.force_login(alice)

    page = text(client.get(remove_url(released, chair_place)))
    response = client.post(remove_url(released, chair_place))

    assert "This is the panel's chair. Make another judge the chair first." in page
    assert read(response).summary == [
        ("#what-happens", "The panel needs its chair: make another judge the chair first.")
    ]
    assert PanelMember.objects.filter(pk=chair_place.pk, is_chair=True).exists()


def test_who_may_change_the_panel(client, alice, bob, dora, supplier_user, released):
    kim = place(released, released.judges[1])
    for user, status in (
        (alice, 200),
        (bob, 200),
        (released.chair, 200),
        (released.judges[0], 403),
        (dora, 404),
        (supplier_user, 404),
    ):
        client.force_login(user)
        assert client.get(remove_url(released, kim)).status_code == status, user
    for user, status in ((released.judges[0], 403), (dora, 404)):
        client.force_login(user)
        assert client.post(remove_url(released, kim)).status_code == status
        assert client.post(chair_url(released, kim)).status_code == status
    client.logout()
    assert client.get(remove_url(released, kim))["Location"].startswith("/sign-in/")
    assert client.post(chair_url(released, kim))["Location"].startswith("/sign-in/")
    kim.refresh_from_db()
    assert not kim.is_chair


def test_handing_the_chair_to_a_judge(client, alice, released):
    kim = released.judges[1]
    client.force_login(alice)

    response = client.post(chair_url(released, place(released, kim)))

    assert response["Location"] == f"/challenges/rounds/{released.round.pk}/"
    assert place(released, kim).is_chair and not place(released, released.chair).is_chair
    html = text(client.get(response["Location"]))
    assert f"{kim.full_name} now chairs the panel." in html


def test_the_panel_is_shown_without_changes_once_scoring_closes(client, alice, released):
    from challenges import judging

    judging.round_close(acting_user=alice, round_=released.round)
    client.force_login(alice)
    html = text(client.get(f"/challenges/rounds/{released.round.pk}/"))
    assert 'id="panel"' in html and "Make chair" not in html and "Take off the panel" not in html


def test_the_round_page_takes_the_same_queries_for_a_small_or_large_panel(client, alice, released):
    from tests.challenges.helpers import join_panel
    from tests.factories import UserFactory

    client.force_login(alice)
    url = f"/challenges/rounds/{released.round.pk}/"
    few = count_queries(client, url)
    for number in range(4):
        join_panel(alice, released.round, UserFactory(email=f"j{number}@judges-k.example"))
    assert count_queries(client, url) == few
