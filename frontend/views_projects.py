"""Pages for projects and playbooks."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from projects import access, selectors
from projects.access import project_can_edit
from projects.markdown import render_markdown
from projects.models import Phase, Theme


def project_list(request: HttpRequest) -> HttpResponse:
    params = request.GET
    words = params.get("q", "").strip()
    theme, phase = params.get("theme", ""), params.get("phase", "")
    filters = {"theme": theme, "phase": phase}
    if words:
        results = selectors.search_everything(
            user=request.user, search=words, theme=theme, phase=phase
        )
    else:
        projects = selectors.projects_visible_to(user=request.user, theme=theme, phase=phase)[:50]
        results = [
            {
                "kind": "project",
                "id": p.pk,
                "title": p.title,
                "summary": p.summary,
                "organisation": p.lead_organisation.name,
            }
            for p in projects
        ]
    context = {
        "results": results,
        "q": words,
        "filters": filters,
        "themes": Theme.choices,
        "phases": Phase.choices,
    }
    return render(request, "frontend/projects/list.html", context)


def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access.project_get_for(user=request.user, project_id=project_id)
    context = {
        "project": project,
        "charter": selectors.project_charter_completeness(project),
        "updates": selectors.status_updates_of(project=project)[:20],
        "comments": selectors.comments_of(project=project),
        "can_edit": project_can_edit(request.user, project),
        "adoptions": selectors.adoptions_of_project(user=request.user, project=project),
    }
    return render(request, "frontend/projects/detail.html", context)


def playbook_detail(request: HttpRequest, playbook_id: int) -> HttpResponse:
    playbook = access.playbook_get_for(user=request.user, playbook_id=playbook_id)
    version = playbook.versions.order_by("-number").first()
    steps = [
        {**step, "html": render_markdown(step.get("body", ""))}
        for step in (version.steps if version else [])
    ]
    adopters = [a.organisation for a in playbook.adoptions.select_related("organisation")]
    context = {"playbook": playbook, "version": version, "steps": steps, "adopters": adopters}
    return render(request, "frontend/projects/playbook_detail.html", context)
