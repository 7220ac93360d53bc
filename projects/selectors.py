from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, QuerySet

from loti.accounts.models import User
from projects.models import Project

CHARTER_ITEMS = [
    ("charter_technology", "What the technology is and why it is used"),
    ("charter_dpia_url", "Data protection impact assessment"),
    ("charter_inclusivity", "Inclusivity statement"),
    ("charter_consequences", "Consequence scanning"),
    ("charter_unused_functionality", "Functionality not in use"),
    ("charter_open_data", "Open data"),
]


def projects_visible_to(
    *,
    user: User | Any,
    search: str = "",
    theme: str = "",
    phase: str = "",
    organisation: str = "",
) -> QuerySet[Project]:
    """Projects the user may see, newest first or, with words to search, best first."""
    projects = Project.objects.visible_to(user).select_related("lead_organisation")
    if theme:
        projects = projects.filter(themes__contains=[theme])
    if phase:
        projects = projects.filter(phase=phase)
    if organisation:
        projects = projects.filter(lead_organisation__slug=organisation)
    if search.strip():
        query = SearchQuery(search, search_type="websearch", config="english")
        ranked = projects.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
        return ranked.order_by("-rank", "-updated_at", "-id")
    return projects


def project_charter_completeness(project: Project) -> dict[str, Any]:
    done = [label for field, label in CHARTER_ITEMS if getattr(project, field) not in ("", None)]
    return {
        "complete": len(done),
        "total": len(CHARTER_ITEMS),
        "missing": [label for _, label in CHARTER_ITEMS if label not in done],
    }
