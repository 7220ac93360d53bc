"""Demo projects and a playbook for `manage.py seed_demo`: Camden's, Hackney's and
Lambeth's work in different phases and visibilities, one co-authored across boroughs,
one adopted from another borough, and a published playbook with an adoption in
progress. Everything is written through the services, so revisions, audit rows and
search vectors are as real as a user's. Only what is missing is added."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from loti.accounts.models import Organisation, User
from loti.visibility import Visibility
from projects.models import AdoptionStep, Phase, Playbook, Project, Theme
from projects.outcomes_links import link_add, outcome_add
from projects.playbooks import (
    StepInput,
    adoption_step_update,
    playbook_adopt,
    playbook_create,
    playbook_publish,
)
from projects.services import project_adopt, project_coauthor_add, project_create

CAMDEN = ("camden", "officer@camden.example")
HACKNEY = ("hackney", "officer@hackney.example")
LAMBETH = ("lambeth", "officer@lambeth.example")

# Each project: who leads it, its fields, its outcomes (measure, baseline, target,
# actual), its links, and the e-mail of a co-author from another borough.
DEMO_PROJECTS: list[dict[str, Any]] = [
    {
        "lead": CAMDEN,
        "title": "Damp and mould early warning in council homes",
        "summary": (
            "Small sensors in 300 council flats report humidity and temperature, so "
            "the repairs team visits before damp turns into mould."
        ),
        "problem": (
            "Residents usually report mould once it is already harming their health. "
            "Repairs are then slower and dearer, and trust in the landlord suffers."
        ),
        "approach": (
            "A beta in three estates with residents' consent. Readings go to the repairs "
            "team's dashboard; a visit is booked when a home stays above 70% humidity "
            "for a week."
        ),
        "phase": Phase.BETA,
        "visibility": Visibility.NETWORK,
        "themes": [Theme.HOUSING, Theme.DATA],
        "tags": ["damp and mould", "sensors", "repairs"],
        "budget": Decimal("180000"),
        "starts_on": date(2026, 4, 1),
        "ends_on": date(2027, 3, 31),
        "charter_technology": (
            "Battery sensors the size of a smoke alarm measure humidity and temperature "
            "every 15 minutes. They record no sound, images or presence."
        ),
        "charter_dpia_url": "https://www.camden.gov.uk/documents/damp-sensors-dpia",
        "charter_inclusivity": (
            "Residents choose whether to take part, in their own language, and can "
            "ask for the sensor to be removed at any time."
        ),
        "charter_open_data": True,
        "outcomes": [
            ("Mould cases reported by residents each month", 42, 20, 31),
            ("Days from first damp reading to repair visit", 60, 14, 23),
        ],
        "links": [
            ("Resident information leaflet", "https://www.camden.gov.uk/damp-and-mould"),
            ("Beta service assessment", "https://www.camden.gov.uk/documents/damp-beta-report"),
        ],
        "coauthor": "officer@hackney.example",
    },
    {
        "lead": CAMDEN,
        "title": "Council tax reminders by text message",
        "summary": (
            "An early idea: remind residents by text before a council tax instalment "
            "is missed, instead of sending a letter after it is."
        ),
        "phase": Phase.IDEA,
        "visibility": Visibility.PRIVATE,
        "themes": [Theme.DATA],
        "tags": ["council tax", "notifications"],
    },
    {
        "lead": HACKNEY,
        "title": "Assistive technology for people leaving hospital",
        "summary": (
            "Falls sensors, medication reminders and video calls set up at home within "
            "48 hours of a hospital discharge, so people can stay independent."
        ),
        "problem": (
            "People discharged from Homerton Hospital often wait weeks for care "
            "equipment, and some are readmitted after a fall at home."
        ),
        "approach": (
            "Occupational therapists choose the kit with the resident and their family "
            "before discharge; a partner installs it and checks it after a week."
        ),
        "phase": Phase.LIVE,
        "visibility": Visibility.PUBLIC,
        "themes": [Theme.ADULT_SOCIAL_CARE, Theme.DIGITAL_INCLUSION],
        "tags": ["assistive technology", "hospital discharge", "falls"],
        "budget": Decimal("420000"),
        "starts_on": date(2025, 6, 1),
        "charter_technology": (
            "Off-the-shelf falls sensors and medication dispensers that alert a "
            "24-hour response team. Nothing is installed without the resident's consent."
        ),
        "charter_dpia_url": "https://hackney.gov.uk/assistive-technology-dpia",
        "charter_inclusivity": (
            "Kit is chosen for each person's needs, including sight and hearing loss; "
            "instructions come in large print and in the ten most spoken languages."
        ),
        "charter_consequences": (
            "We checked whether sensors could replace human contact; visits are never "
            "reduced because kit is installed."
        ),
        "charter_unused_functionality": "The dispensers' camera is switched off.",
        "charter_open_data": True,
        "outcomes": [
            ("Readmissions within 30 days, per 100 discharges", 18, 12, 13),
            ("Days from discharge to kit installed", 21, 2, 3),
        ],
        "links": [
            ("How to refer a resident", "https://hackney.gov.uk/assistive-technology"),
        ],
    },
    {
        "lead": LAMBETH,
        "title": "Kerbside electric vehicle charging: where next",
        "summary": (
            "Using parking, energy network and resident request data to decide which "
            "streets get the next 500 kerbside chargers."
        ),
        "problem": (
            "Most Lambeth households have no driveway. Chargers have gone where people "
            "asked loudest, not where they would be used most."
        ),
        "phase": Phase.DISCOVERY,
        "visibility": Visibility.SHARED,
        "shared_with": ["camden"],
        "themes": [Theme.NET_ZERO, Theme.TRANSPORT, Theme.DATA],
        "tags": ["electric vehicles", "charging"],
        "outcomes": [("Kerbside chargers in use at least 4 hours a day", 120, 400, None)],
        "links": [("Lambeth climate action plan", "https://www.lambeth.gov.uk/climate")],
    },
]

# Lambeth starts its own version of Hackney's published project.
DEMO_PROJECT_ADOPTIONS = [(HACKNEY, "Assistive technology for people leaving hospital", LAMBETH)]

DEMO_PLAYBOOK_STEPS: list[StepInput] = [
    {
        "key": "partners",
        "title": "Agree the pathway with the hospital discharge team",
        "body": "Name one contact on each ward and agree who refers, and when.",
    },
    {
        "key": "consent",
        "title": "Write the consent conversation",
        "body": "Test it with residents and carers before the pilot starts.",
    },
    {
        "key": "kit",
        "title": "Choose the kit with occupational therapists",
        "body": "Start with a short list; more choice slows installation down.",
    },
    {
        "key": "measure",
        "title": "Measure readmissions and time to install",
        "body": "Agree the baseline with the hospital before the first referral.",
    },
]
DEMO_PLAYBOOK: dict[str, Any] = {
    "owner": HACKNEY,
    "title": "Running an assistive technology pilot",
    "summary": (
        "What Hackney learned setting up assistive technology for people leaving "
        "hospital, step by step, for any borough starting one."
    ),
    "themes": [Theme.ADULT_SOCIAL_CARE],
    "change_note": "First version, from the Hackney pilot.",
    "adopted_by": CAMDEN,
    "progress": {
        "partners": AdoptionStep.Status.DONE,
        "consent": AdoptionStep.Status.IN_PROGRESS,
    },
}


def _officer(who: tuple[str, str]) -> tuple[Organisation, User]:
    slug, email = who
    return Organisation.objects.get(slug=slug), User.objects.get(email=email)


def _project_add(row: dict[str, Any]) -> Project:
    row = dict(row)
    organisation, officer = _officer(row.pop("lead"))
    outcomes = row.pop("outcomes", [])
    links = row.pop("links", [])
    coauthor = row.pop("coauthor", None)
    project = project_create(acting_user=officer, lead_organisation=organisation, **row)
    for measure, baseline, target, actual in outcomes:
        outcome_add(
            acting_user=officer,
            project=project,
            measure=measure,
            baseline=Decimal(baseline),
            target=Decimal(target),
            actual=None if actual is None else Decimal(actual),
        )
    for title, url in links:
        link_add(acting_user=officer, project=project, title=title, url=url)
    if coauthor:
        project_coauthor_add(
            acting_user=officer, project=project, user=User.objects.get(email=coauthor)
        )
    return project


def _playbook_add() -> None:
    spec = DEMO_PLAYBOOK
    owner, officer = _officer(spec["owner"])
    playbook = playbook_create(
        acting_user=officer,
        owner=owner,
        title=spec["title"],
        summary=spec["summary"],
        visibility=Visibility.NETWORK,
        themes=spec["themes"],
        steps=[step.copy() for step in DEMO_PLAYBOOK_STEPS],
    )
    playbook_publish(acting_user=officer, playbook=playbook, change_note=spec["change_note"])
    adopter, adopting_officer = _officer(spec["adopted_by"])
    adoption = playbook_adopt(acting_user=adopting_officer, playbook=playbook, organisation=adopter)
    for key, status_value in spec["progress"].items():
        adoption_step_update(
            acting_user=adopting_officer, adoption=adoption, key=key, status_value=status_value
        )


def demo_projects_seed() -> int:
    """Add the demo projects, adoptions and playbook that are missing; returns how many
    projects and playbooks were added."""
    added = 0
    for row in DEMO_PROJECTS:
        slug = row["lead"][0]
        if not Project.objects.filter(lead_organisation__slug=slug, title=row["title"]).exists():
            _project_add(row)
            added += 1
    for lead, title, adopter in DEMO_PROJECT_ADOPTIONS:
        source = Project.objects.get(lead_organisation__slug=lead[0], title=title)
        adopted = Project.objects.filter(adopted_from=source, lead_organisation__slug=adopter[0])
        if not adopted.exists():
            organisation, officer = _officer(adopter)
            project_adopt(acting_user=officer, project=source, organisation=organisation)
            added += 1
    owner_slug = DEMO_PLAYBOOK["owner"][0]
    if not Playbook.objects.filter(owner__slug=owner_slug, title=DEMO_PLAYBOOK["title"]).exists():
        _playbook_add()
        added += 1
    return added
