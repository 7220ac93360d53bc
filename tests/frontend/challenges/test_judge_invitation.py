from __future__ import annotations

from challenges import judging
from challenges.models import PanelMember
from loti.accounts.models import User
from tests.challenges.helpers import make_round
from tests.factories import UserFactory
from tests.frontend.challenges.helpers import text
from tests.frontend.helpers import read


def invite(alice, challenge, email, chair=False):
    round_ = make_round(alice, challenge)
    member = judging.panel_invite(acting_user=alice, round_=round_, email=email, is_chair=chair)
    return member, f"/challenges/judge-invitations/{judging.judge_invitation_token(member)}/"


def test_a_new_judge_creates_an_account_and_joins(client, alice, challenge):
    member, url = invite(alice, challenge, "judge.one@judges.example")

    page = text(client.get(url))
    response = client.post(url, {"full_name": "Jude One", "password": "a-judges-long-passphrase"})

    assert "judge.one@judges.example" in page and "Create account and join" in page
    assert response["Location"] == f"/challenges/rounds/{member.round_id}/"
    member.refresh_from_db()
    assert member.user.full_name == "Jude One" and member.accepted_at
    assert client.get(response["Location"]).status_code == 200  # signed in


def test_account_details_are_checked_on_their_fields(client, alice, challenge):
    member, url = invite(alice, challenge, "judge.one@judges.example")

    response = client.post(url, {"full_name": "", "password": "short"})

    page = read(response)
    assert page.field_errors["id_full_name"] == "Error: Enter your full name"
    assert "id_password" in page.field_errors
    assert not User.objects.filter(email="judge.one@judges.example").exists()
    assert PanelMember.objects.get(pk=member.pk).accepted_at is None


def test_someone_with_an_account_signs_in_to_join(client, alice, challenge):
    person = UserFactory.create(email="kim@judges.example")
    member, url = invite(alice, challenge, person.email)

    assert "Sign in to join" in text(client.get(url))
    client.force_login(person)
    response = client.post(url)

    assert response.status_code == 302
    assert PanelMember.objects.get(pk=member.pk).user == person


def test_the_link_is_only_for_the_person_invited(client, alice, challenge, supplier_user):
    member, url = invite(alice, challenge, "kim@judges.example")
    client.force_login(supplier_user)

    page = text(client.get(url))
    response = client.post(url)

    assert "This invitation is for kim@judges.example" in page
    assert response.status_code == 403
    assert PanelMember.objects.get(pk=member.pk).accepted_at is None


def test_a_used_or_broken_link_says_so(client, alice, challenge):
    _, url = invite(alice, challenge, "judge.one@judges.example")
    client.post(url, {"full_name": "Jude One", "password": "a-judges-long-passphrase"})
    client.logout()

    used = client.get(url)
    broken = client.get("/challenges/judge-invitations/not-a-token/")

    assert used.status_code == 410 and "already been used" in text(used)
    assert broken.status_code == 404 and "not valid" in text(broken)
