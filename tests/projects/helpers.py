from __future__ import annotations

from loti.accounts.models import Organisation, User
from loti.visibility import Visibility
from projects import playbooks, services
from projects.models import Playbook, Project


def make_project(user: User, organisation: Organisation, **fields) -> Project:
    fields.setdefault("title", "Assistive technology pilot")
    fields.setdefault("summary", "Sensors that help people live at home for longer.")
    return services.project_create(acting_user=user, lead_organisation=organisation, **fields)


def make_playbook(
    user: User, organisation: Organisation, *, publish: bool = True, **fields
) -> Playbook:
    fields.setdefault("title", "Running a chatbot discovery")
    fields.setdefault("summary", "How to find out whether residents need a chatbot.")
    fields.setdefault("visibility", Visibility.NETWORK)
    fields.setdefault(
        "steps",
        [
            {"key": "users", "title": "Talk to residents", "body": "Interview **ten** people."},
            {"key": "data", "title": "Look at contact data", "body": "Which calls repeat?"},
        ],
    )
    playbook = playbooks.playbook_create(acting_user=user, owner=organisation, **fields)
    if publish:
        playbooks.playbook_publish(
            acting_user=user, playbook=playbook, change_note="First version."
        )
    return playbook
