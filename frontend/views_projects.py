"""Pages for projects and playbooks: finding, starting, editing, working together on and
adopting them.

Objects are fetched through projects.access (404 for what a person may not see) and
lists through projects.selectors; every write goes through a service. A page shows each
person the actions they may take; a service's refusal of a form is shown on the form,
and a refusal of who someone is (403) as the "You cannot do this" page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework import status

from frontend import forms_projects
from frontend.forms_projects import (
    AdoptForm,
    AttachmentForm,
    CoauthorForm,
    CommentForm,
    FeedbackForm,
    InterestForm,
    PublishForm,
    StatusUpdateForm,
)
from frontend.projects_display import describe_changes
from frontend.views import SignedInRequest
from loti.accounts.models import Organisation, User
from loti.api.errors import ApplicationError
from loti.organisations import public_bodies_of
from loti.permissions import is_member
from loti.visibility import Visibility
from projects import access, collaboration, outcomes_links, playbooks, selectors, services
from projects.api_collaboration import FeedbackThrottle
from projects.markdown import render_markdown
from projects.models import Adoption, Outcome, Playbook, Project, ProjectLink

T = TypeVar("T")
RESULTS_CAP = 50
PAGE_SIZE = 25


class Submittable(Protocol):
    def is_valid(self) -> bool: ...

    def add_application_error(self, error: ApplicationError) -> None: ...


def _attempt(form: Submittable, call: Callable[[], T]) -> T | None:
    """Call the service if the form is valid; its refusal lands on the form, except a
    refusal of who the person is, which is the 403 page."""
    if not form.is_valid():
        return None
    try:
        return call()
    except ApplicationError as error:
        _show_refusal(form, error)
        return None


def _show_refusal(form: Submittable, error: ApplicationError) -> None:
    if error.status_code == status.HTTP_403_FORBIDDEN:
        raise PermissionDenied(error.message) from error
    form.add_application_error(error)


def _attempt_from_version(
    form: forms_projects.VersionedForm, call: Callable[[], T]
) -> tuple[T | None, dict[str, Any] | None]:
    """_attempt for a change made from the project's version the form carries. If someone
    saved since, nothing is saved: what they changed is returned, and the form moves on
    to their version, so that saving again is done knowing their change."""
    if not form.is_valid():
        return None, None
    try:
        return call(), None
    except services.PreconditionFailed as refused:
        form.moved_to(refused.current.version)
        return None, _their_changes(refused.current, opened=form.cleaned_data["version"])
    except ApplicationError as error:
        _show_refusal(form, error)
        return None, None


def _act(request: HttpRequest, call: Callable[[], Any]) -> bool:
    """A button with nothing to fill in: a refusal is shown as a message."""
    try:
        call()
    except ApplicationError as error:
        if error.status_code == status.HTTP_403_FORBIDDEN:
            raise PermissionDenied(error.message) from error
        messages.error(request, error.message)
        return False
    return True


def _officer_bodies(user: User) -> list[Organisation]:
    bodies = list(public_bodies_of(user))
    if not bodies:
        raise PermissionDenied("Only officers of boroughs and other public bodies can do this.")
    return bodies


# Projects: finding and starting them.


def project_list(request: HttpRequest) -> HttpResponse:
    search = forms_projects.SearchForm(request.GET)
    results = selectors.search_everything(user=request.user, limit=RESULTS_CAP, **search.filters())
    context = {
        "search": search,
        "results": results,
        "capped": len(results) >= RESULTS_CAP,
        "can_start": public_bodies_of(request.user).exists(),
    }
    return render(request, "frontend/projects/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request: SignedInRequest) -> HttpResponse:
    form = forms_projects.ProjectCreateForm(
        request.POST or None, bodies=_officer_bodies(request.user)
    )
    # "Reuse before you build": before saving, once, the most similar work in London.
    if request.method == "POST" and "change" not in request.POST and form.is_valid():
        if not form.cleaned_data["similar_seen"]:
            similar = selectors.similar_to(user=request.user, text=form.similar_text())
            if similar:
                context = {"form": form.with_similar_seen(), "similar": similar}
                return render(request, "frontend/projects/similar.html", context)
        project = _attempt(
            form,
            lambda: services.project_create(acting_user=request.user, **form.service_arguments()),
        )
        if project is not None:
            messages.success(request, f"{project.title} has been saved")
            return redirect("frontend:project-detail", project_id=project.pk)
    return render(request, "frontend/projects/new.html", {"form": form})


# The project page and what can be done on it.


def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access.project_get_for(user=request.user, project_id=project_id)
    return _project_page(request, project)


def _project_page(
    request: HttpRequest, project: Project, form: Any = None, status: int = 200
) -> HttpResponse:
    """The project page; with `form`, one of its forms as sent, showing its errors."""
    context = _project_context(request.user, project)
    if form is not None:
        context[f"{form.prefix}_form"] = context["form"] = form
    return render(request, "frontend/projects/detail.html", context, status=status)


def _project_context(user: User | Any, project: Project) -> dict[str, Any]:
    """The page's data (selectors.project_page) and a form for each action it offers."""
    data = selectors.project_page(user=user, project=project)
    adopt_for, join_for = data["organisations_to_adopt"], data["organisations_to_join"]
    return {
        **data,
        "comment_form": CommentForm(),
        "update_form": StatusUpdateForm() if data["is_member"] else None,
        "coauthor_form": CoauthorForm() if data["is_lead"] else None,
        "attachment_form": AttachmentForm() if data["can_edit"] else None,
        "interest_form": InterestForm(organisations=join_for) if join_for else None,
        "adopt_form": AdoptForm(organisations=adopt_for) if adopt_for else None,
        "feedback_form": FeedbackForm() if project.visibility == Visibility.PUBLIC else None,
    }


def _acting_for(organisations: list[Organisation]) -> list[Organisation]:
    if not organisations:
        raise PermissionDenied("None of your organisations can do this.")
    return organisations


def _to_project(project: Project) -> HttpResponse:
    return redirect("frontend:project-detail", project_id=project.pk)


@login_required
@require_POST
def project_follow(request: SignedInRequest, project_id: int) -> HttpResponse:
    project = access.project_get_for(user=request.user, project_id=project_id)
    if request.POST.get("follow") == "no":
        collaboration.project_unfollow(acting_user=request.user, project=project)
        messages.success(request, "You no longer follow this project")
    else:
        collaboration.project_follow(acting_user=request.user, project=project)
        messages.success(request, "You follow this project. We will tell you when it changes.")
    return _to_project(project)


@login_required
@require_POST
def project_comment(request: SignedInRequest, project_id: int) -> HttpResponse:
    project = access.project_get_for(user=request.user, project_id=project_id)
    form = CommentForm(request.POST)
    added = _attempt(
        form,
        lambda: collaboration.comment_add(
            acting_user=request.user, project=project, body=form.cleaned_data["body"]
        ),
    )
    if added is None:
        return _project_page(request, project, form)
    messages.success(request, "Your comment has been added")
    return _to_project(project)


@login_required
@require_POST
def project_status_update(request: SignedInRequest, project_id: int) -> HttpResponse:
    project = access.project_get_for(user=request.user, project_id=project_id)
    form = StatusUpdateForm(request.POST)
    update = _attempt(
        form,
        lambda: collaboration.status_update_add(
            acting_user=request.user, project=project, body=form.cleaned_data["body"]
        ),
    )
    if update is None:
        return _project_page(request, project, form)
    messages.success(request, "Your status update has been posted")
    return _to_project(project)


@login_required
@require_POST
def project_coauthor(request: SignedInRequest, project_id: int) -> HttpResponse:
    project = access.project_get_for(user=request.user, project_id=project_id)
    form = CoauthorForm(request.POST)

    def add() -> User:
        person: User = form.cleaned_data["email"]
        services.project_coauthor_add(acting_user=request.user, project=project, user=person)
        return person

    person = _attempt(form, add)
    if person is None:
        return _project_page(request, project, form)
    messages.success(request, f"{person.full_name} can now see and edit this project")
    return _to_project(project)


@login_required
@require_POST
def project_interest(request: SignedInRequest, project_id: int) -> HttpResponse:
    project = access.project_get_for(user=request.user, project_id=project_id)
    joiners = selectors.organisations_to_join_project(
        project=project,
        adopters=selectors.organisations_to_adopt_project(user=request.user, project=project),
    )
    form = InterestForm(request.POST, organisations=_acting_for(joiners))
    interest = _attempt(
        form,
        lambda: collaboration.interest_request(
            acting_user=request.user,
            project=project,
            organisation=form.acting_for(),
            message=form.cleaned_data["message"],
        ),
    )
    if interest is None:
        return _project_page(request, project, form)
    messages.success(request, f"{project.lead_organisation.name} has been asked to let you join")
    return _to_project(project)


@login_required
@require_POST
def interest_answer(request: SignedInRequest, interest_id: int) -> HttpResponse:
    interest = access.interest_get_for(user=request.user, interest_id=interest_id)
    accept = request.POST.get("decision") == "accept"
    if _act(
        request,
        lambda: collaboration.interest_answer(
            acting_user=request.user, interest=interest, accept=accept
        ),
    ):
        outcome = "is now a partner" if accept else "has been told no"
        messages.success(request, f"{interest.organisation.name} {outcome}")
    return _to_project(interest.project)


@login_required
@require_POST
def project_adopt(request: SignedInRequest, project_id: int) -> HttpResponse:
    project = access.project_get_for(user=request.user, project_id=project_id)
    adopters = selectors.organisations_to_adopt_project(user=request.user, project=project)
    form = AdoptForm(request.POST, organisations=_acting_for(adopters))
    copy = _attempt(
        form,
        lambda: services.project_adopt(
            acting_user=request.user, project=project, organisation=form.acting_for()
        ),
    )
    if copy is None:
        return _project_page(request, project, form)
    messages.success(
        request,
        f"You have adopted this project for {copy.lead_organisation.name}: this is "
        "your own copy. Only your organisation can see it until you share it.",
    )
    return _to_project(copy)


@login_required
@require_POST
def project_attachment(request: SignedInRequest, project_id: int) -> HttpResponse:
    project = access.project_get_for(user=request.user, project_id=project_id)
    if not access.project_can_edit(request.user, project):
        raise PermissionDenied("Only the project's organisations and co-authors can add files.")
    form = AttachmentForm(request.POST, request.FILES)
    attachment = _attempt(
        form,
        lambda: services.attachment_add(
            acting_user=request.user, project=project, upload=form.cleaned_data["upload"]
        ),
    )
    if attachment is None:
        return _project_page(request, project, form)
    messages.success(request, f"{attachment.original_name} has been uploaded")
    return _to_project(project)


# Anyone may send feedback on a public project, signed in or not; people who are not
# signed in share the API's limit per address, so the page is no way around it.
@require_POST
def project_feedback(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access.project_get_for(user=request.user, project_id=project_id)
    form = FeedbackForm(request.POST)
    if not FeedbackThrottle().allow_request(request, None):  # type: ignore[arg-type]
        form.add_error(None, "You have sent a lot of feedback. Try again in an hour.")
        return _project_page(request, project, form, status=429)
    feedback = _attempt(
        form, lambda: collaboration.feedback_submit(project=project, **form.cleaned_data)
    )
    if feedback is None:
        return _project_page(request, project, form)
    messages.success(
        request, "Thank you for your feedback. It will be published once the team has read it."
    )
    return _to_project(project)


@login_required
@require_POST
def feedback_moderate(request: SignedInRequest, feedback_id: int) -> HttpResponse:
    try:
        feedback = access.feedback_get_for(user=request.user, feedback_id=feedback_id)
    except ApplicationError as error:  # published feedback, seen by one who does not moderate
        raise PermissionDenied(error.message) from error
    approve = request.POST.get("decision") == "approve"
    if _act(
        request,
        lambda: collaboration.feedback_moderate(
            acting_user=request.user, feedback=feedback, approve=approve
        ),
    ):
        messages.success(request, "Feedback published" if approve else "Feedback rejected")
    return _to_project(feedback.project)


# Editing a project and its history.


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: SignedInRequest, project_id: int) -> HttpResponse:
    project = _editable_project(request.user, project_id)
    form = forms_projects.ProjectEditForm(request.POST or None, project=project)
    theirs = None
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                acting_user=request.user,
                project=project,
                expected_version=form.cleaned_data["version"],
                changes=form.changes(),
            )
        except services.PreconditionFailed as refused:
            form, theirs = _after_conflict(form, refused.current)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, "Your changes have been saved")
            return _to_project(project)
    context = {"project": project, "form": form, "theirs": theirs}
    return render(request, "frontend/projects/edit.html", context)


def _editable_project(user: User, project_id: int) -> Project:
    try:
        return access.project_get_for(user=user, project_id=project_id, write=True)
    except ApplicationError as error:
        raise PermissionDenied(error.message) from error


def _after_conflict(
    form: forms_projects.ProjectEditForm, current: Project
) -> tuple[forms_projects.ProjectEditForm, dict[str, Any]]:
    """Someone saved since the form was opened: what they changed, and the form again,
    rebased on their version, for a second save that does not undo their change."""
    opened = form.cleaned_data["version"]
    try:
        snapshot = selectors.project_revision(project=current, number=opened).snapshot
    except ApplicationError:  # a version that never existed: nothing to compare with
        snapshot = {}
    opened_values = forms_projects.snapshot_initial(snapshot) if snapshot else {}
    return form.rebased(opened=opened_values, current=current), _their_changes(current, opened)


def _their_changes(current: Project, opened: int) -> dict[str, Any]:
    """Who saved the project since version `opened`, and what they changed."""
    try:
        changes = selectors.revisions_compare(project=current, older=opened, newer=current.version)
    except ApplicationError:  # a version that never existed: nothing to compare with
        changes = []
    revisions = selectors.project_revisions(project=current, after=opened)
    return {
        "authors": list(dict.fromkeys(_name(revision.author) for revision in revisions)),
        "changes": describe_changes(changes),
    }


def _name(person: User | None) -> str:
    return person.full_name if person is not None else "A former user"


# A project's outcomes and links: added, changed and removed one at a time by those who
# may edit the project, each change recorded in its history.


@login_required
@require_http_methods(["GET", "POST"])
def project_outcome_new(request: SignedInRequest, project_id: int) -> HttpResponse:
    project = _editable_project(request.user, project_id)
    form = forms_projects.OutcomeForm(request.POST or None)
    outcome = _attempt(
        form,
        lambda: outcomes_links.outcome_add(
            acting_user=request.user, project=project, **form.item_fields()
        ),
    )
    if outcome is None:
        return _item_page(request, project, form, noun="outcome")
    messages.success(request, f"The outcome {_quoted(outcome.measure)} has been added")
    return _to_project(project)


@login_required
@require_http_methods(["GET", "POST"])
def project_outcome_edit(
    request: SignedInRequest, project_id: int, outcome_id: int
) -> HttpResponse:
    project = _editable_project(request.user, project_id)
    outcome = access.outcome_get_for(project=project, outcome_id=outcome_id)
    initial = forms_projects.outcome_initial(outcome)
    form = forms_projects.OutcomeForm(
        request.POST or None, version=project.version, initial=initial
    )
    saved, theirs = _attempt_from_version(
        form,
        lambda: outcomes_links.outcome_update(
            acting_user=request.user,
            outcome=outcome,
            expected_version=form.cleaned_data["version"],
            changes=form.item_fields(),
        ),
    )
    if saved is None:
        return _item_page(request, project, form, noun="outcome", item=outcome, theirs=theirs)
    messages.success(request, f"The outcome {_quoted(saved.measure)} has been saved")
    return _to_project(project)


@login_required
@require_POST
def project_outcome_remove(
    request: SignedInRequest, project_id: int, outcome_id: int
) -> HttpResponse:
    project = _editable_project(request.user, project_id)
    outcome = access.outcome_get_for(project=project, outcome_id=outcome_id)
    sent = forms_projects.VersionedForm(request.POST, version=project.version)
    removed, theirs = _attempt_from_version(
        sent,
        lambda: outcomes_links.outcome_remove(
            acting_user=request.user, outcome=outcome, expected_version=sent.cleaned_data["version"]
        ),
    )
    if removed is None:
        form = forms_projects.OutcomeForm(sent.data, version=project.version)
        return _item_page(
            request, project, form, noun="outcome", item=outcome, theirs=theirs, removing=True
        )
    messages.success(request, f"The outcome {_quoted(outcome.measure)} has been removed")
    return _to_project(project)


@login_required
@require_http_methods(["GET", "POST"])
def project_link_new(request: SignedInRequest, project_id: int) -> HttpResponse:
    project = _editable_project(request.user, project_id)
    form = forms_projects.LinkForm(request.POST or None)
    link = _attempt(
        form,
        lambda: outcomes_links.link_add(
            acting_user=request.user, project=project, **form.item_fields()
        ),
    )
    if link is None:
        return _item_page(request, project, form, noun="link")
    messages.success(request, f"The link {_quoted(link.title)} has been added")
    return _to_project(project)


@login_required
@require_http_methods(["GET", "POST"])
def project_link_edit(request: SignedInRequest, project_id: int, link_id: int) -> HttpResponse:
    project = _editable_project(request.user, project_id)
    link = access.link_get_for(project=project, link_id=link_id)
    initial = forms_projects.link_initial(link)
    form = forms_projects.LinkForm(request.POST or None, version=project.version, initial=initial)
    saved, theirs = _attempt_from_version(
        form,
        lambda: outcomes_links.link_update(
            acting_user=request.user,
            link=link,
            expected_version=form.cleaned_data["version"],
            changes=form.item_fields(),
        ),
    )
    if saved is None:
        return _item_page(request, project, form, noun="link", item=link, theirs=theirs)
    messages.success(request, f"The link {_quoted(saved.title)} has been saved")
    return _to_project(project)


@login_required
@require_POST
def project_link_remove(request: SignedInRequest, project_id: int, link_id: int) -> HttpResponse:
    project = _editable_project(request.user, project_id)
    link = access.link_get_for(project=project, link_id=link_id)
    sent = forms_projects.VersionedForm(request.POST, version=project.version)
    removed, theirs = _attempt_from_version(
        sent,
        lambda: outcomes_links.link_remove(
            acting_user=request.user, link=link, expected_version=sent.cleaned_data["version"]
        ),
    )
    if removed is None:
        form = forms_projects.LinkForm(sent.data, version=project.version)
        return _item_page(
            request, project, form, noun="link", item=link, theirs=theirs, removing=True
        )
    messages.success(request, f"The link {_quoted(link.title)} has been removed")
    return _to_project(project)


def _item_page(
    request: HttpRequest,
    project: Project,
    form: forms_projects.VersionedForm,
    *,
    noun: str,
    item: Outcome | ProjectLink | None = None,
    theirs: dict[str, Any] | None = None,
    removing: bool = False,
) -> HttpResponse:
    """The page adding an outcome or a link (`noun`) to a project, or changing `item`;
    after someone else's save, `theirs` and the form moved on to their version."""
    if item is None:
        actions = {"action": reverse(f"frontend:project-{noun}-new", args=[project.pk])}
    else:
        actions = {
            "action": reverse(f"frontend:project-{noun}", args=[project.pk, item.pk]),
            "remove_action": reverse(f"frontend:project-{noun}-remove", args=[project.pk, item.pk]),
        }
    context = {
        "project": project,
        "form": form,
        "noun": noun,
        "item": item,
        "theirs": theirs,
        "removing": removing,
        **actions,
    }
    return render(request, "frontend/projects/item.html", context)


def _quoted(text: str) -> str:
    return f"\N{LEFT SINGLE QUOTATION MARK}{text}\N{RIGHT SINGLE QUOTATION MARK}"


def project_history(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access.project_get_for(user=request.user, project_id=project_id)
    revisions = selectors.project_revisions(project=project)
    page = Paginator(revisions, PAGE_SIZE).get_page(request.GET.get("page"))
    numbers = range(project.version, 0, -1)
    form = forms_projects.RevisionsForm(
        numbers=numbers, noun="version", initial={"from": max(project.version - 1, 1)}
    )
    context = {"project": project, "page": page, "compare": form}
    return render(request, "frontend/projects/history.html", context)


def project_compare(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access.project_get_for(user=request.user, project_id=project_id)
    numbers = range(project.version, 0, -1)
    form = forms_projects.RevisionsForm(request.GET, numbers=numbers, noun="version")
    changes = _attempt(
        form,
        lambda: selectors.revisions_compare(
            project=project, older=form.cleaned_data["from"], newer=form.cleaned_data["to"]
        ),
    )
    context = {
        "project": project,
        "form": form,
        "changes": None if changes is None else describe_changes(changes),
    }
    return render(request, "frontend/projects/compare.html", context)


# Playbooks.


def playbook_list(request: HttpRequest) -> HttpResponse:
    search = forms_projects.PlaybookSearchForm(request.GET)
    found = selectors.playbooks_visible_to(user=request.user, **search.filters())
    context = {
        "search": search,
        "page": Paginator(found, PAGE_SIZE).get_page(request.GET.get("page")),
        "query": _without_page(request),
        "can_start": public_bodies_of(request.user).exists(),
    }
    return render(request, "frontend/projects/playbook_list.html", context)


def _without_page(request: HttpRequest) -> str:
    """The list's search and filters, for the links to its other pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_http_methods(["GET", "POST"])
def playbook_new(request: SignedInRequest) -> HttpResponse:
    form = forms_projects.PlaybookCreateForm(
        request.POST or None, bodies=_officer_bodies(request.user)
    )
    playbook = _attempt(
        form,
        lambda: playbooks.playbook_create(acting_user=request.user, **form.service_arguments()),
    )
    if playbook is not None:
        messages.success(request, "Your playbook has been created. Add its steps, then publish it.")
        return redirect("frontend:playbook-edit", playbook_id=playbook.pk)
    return render(request, "frontend/projects/playbook_new.html", {"form": form})


def playbook_detail(request: HttpRequest, playbook_id: int) -> HttpResponse:
    playbook = access.playbook_get_for(user=request.user, playbook_id=playbook_id)
    return _playbook_page(request, playbook)


def _playbook_page(request: HttpRequest, playbook: Playbook, form: Any = None) -> HttpResponse:
    context = _playbook_context(request.user, playbook)
    if form is not None:
        context[f"{form.prefix}_form"] = context["form"] = form
    return render(request, "frontend/projects/playbook_detail.html", context)


def _playbook_context(user: User | Any, playbook: Playbook) -> dict[str, Any]:
    latest = selectors.playbook_latest_version(playbook=playbook)
    adoptions = list(selectors.adoptions_of_playbook(playbook=playbook))
    owner = access.playbook_can_edit(user, playbook)
    mine = {o.pk for o in public_bodies_of(user)}
    taken = {a.organisation_id for a in adoptions}
    adoptable = latest is not None and playbook.status == Playbook.Status.PUBLISHED
    can_adopt_for = [
        o
        for o in selectors.organisations_to_adopt_playbook(user=user, playbook=playbook)
        if o.pk not in taken
    ]
    draft = list(selectors.playbook_draft_steps(playbook=playbook)) if owner else []
    return {
        "playbook": playbook,
        "version": latest,
        "steps": [
            {**step, "html": render_markdown(step.get("body", ""))}
            for step in (latest.steps if latest else [])
        ],
        "adoptions": adoptions,
        "my_adoptions": [a for a in adoptions if a.organisation_id in mine],
        "is_owner": owner,
        "draft": draft,
        "unpublished": owner
        and selectors.playbook_draft_unpublished(playbook=playbook, latest=latest, draft=draft),
        "adopt_form": AdoptForm(organisations=can_adopt_for)
        if adoptable and can_adopt_for
        else None,
        "publish_form": PublishForm()
        if owner and playbook.status != Playbook.Status.ARCHIVED
        else None,
    }


def _owned_playbook(user: User, playbook_id: int) -> Playbook:
    """A playbook its owner's members may change: 404 if unseen, 403 if not theirs."""
    playbook = access.playbook_get_for(user=user, playbook_id=playbook_id)
    if not access.playbook_can_edit(user, playbook):
        raise PermissionDenied(f"Only members of {playbook.owner.name} can change this playbook.")
    return playbook


@login_required
@require_http_methods(["GET", "POST"])
def playbook_edit(request: SignedInRequest, playbook_id: int) -> HttpResponse:
    playbook = _owned_playbook(request.user, playbook_id)
    steps = selectors.playbook_draft_steps(playbook=playbook)
    forms = forms_projects.PlaybookDraftForms.of(request.POST or None, playbook, steps)
    if "add_step" in request.POST:
        forms = forms.with_another_step()
    elif request.method == "POST":
        saved = _attempt(
            forms,
            lambda: playbooks.playbook_draft_update(
                acting_user=request.user, playbook=playbook, changes=forms.changes()
            ),
        )
        if saved is not None:
            messages.success(request, "The draft has been saved. Publish it when it is ready.")
            return redirect("frontend:playbook-detail", playbook_id=playbook.pk)
    context = {"playbook": playbook, "form": forms}
    return render(request, "frontend/projects/playbook_edit.html", context)


@login_required
@require_POST
def playbook_publish(request: SignedInRequest, playbook_id: int) -> HttpResponse:
    playbook = _owned_playbook(request.user, playbook_id)
    form = PublishForm(request.POST)
    version = _attempt(
        form,
        lambda: playbooks.playbook_publish(
            acting_user=request.user,
            playbook=playbook,
            change_note=form.cleaned_data["change_note"],
        ),
    )
    if version is None:
        return _playbook_page(request, playbook, form)
    messages.success(request, f"Version {version.number} has been published")
    return redirect("frontend:playbook-detail", playbook_id=playbook.pk)


@login_required
@require_POST
def playbook_archive(request: SignedInRequest, playbook_id: int) -> HttpResponse:
    playbook = _owned_playbook(request.user, playbook_id)
    if _act(
        request, lambda: playbooks.playbook_archive(acting_user=request.user, playbook=playbook)
    ):
        messages.success(request, "The playbook has been archived. It can no longer be adopted.")
    return redirect("frontend:playbook-detail", playbook_id=playbook.pk)


@login_required
@require_POST
def playbook_adopt(request: SignedInRequest, playbook_id: int) -> HttpResponse:
    playbook = access.playbook_get_for(user=request.user, playbook_id=playbook_id)
    adopters = _acting_for(
        selectors.organisations_to_adopt_playbook(user=request.user, playbook=playbook)
    )
    form = AdoptForm(request.POST, organisations=adopters)
    adoption = _attempt(
        form,
        lambda: playbooks.playbook_adopt(
            acting_user=request.user, playbook=playbook, organisation=form.acting_for()
        ),
    )
    if adoption is None:
        return _playbook_page(request, playbook, form)
    messages.success(request, f"{adoption.organisation.name} has adopted this playbook")
    return redirect("frontend:adoption-detail", adoption_id=adoption.pk)


def playbook_versions(request: HttpRequest, playbook_id: int) -> HttpResponse:
    playbook = access.playbook_get_for(user=request.user, playbook_id=playbook_id)
    versions = list(selectors.playbook_versions(playbook=playbook))
    numbers = [version.number for version in versions]
    form = forms_projects.RevisionsForm(
        numbers=numbers,
        noun="version",
        initial={"from": numbers[1] if len(numbers) > 1 else None},
    )
    context = {"playbook": playbook, "versions": versions, "compare": form}
    return render(request, "frontend/projects/playbook_versions.html", context)


def playbook_compare(request: HttpRequest, playbook_id: int) -> HttpResponse:
    playbook = access.playbook_get_for(user=request.user, playbook_id=playbook_id)
    versions = {v.number: v for v in selectors.playbook_versions(playbook=playbook)}
    form = forms_projects.RevisionsForm(request.GET, numbers=versions, noun="version")
    comparison = form.cleaned_data if form.is_valid() else None
    context: dict[str, Any] = {"playbook": playbook, "form": form}
    if comparison is not None:
        older, newer = versions[comparison["from"]], versions[comparison["to"]]
        context |= {
            "older": older,
            "newer": newer,
            "changes": playbooks.versions_compare(older.steps, newer.steps),
        }
    return render(request, "frontend/projects/playbook_compare.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def adoption_detail(request: SignedInRequest, adoption_id: int) -> HttpResponse:
    adoption = access.adoption_get_for(user=request.user, adoption_id=adoption_id)
    tracking = is_member(request.user, adoption.organisation)
    if request.method == "POST" and not tracking:
        raise PermissionDenied(f"Only {adoption.organisation.name} tracks its own progress.")
    progress = {step.key: step for step in adoption.step_progress.all()}
    form = forms_projects.AdoptionProgressForm(
        request.POST or None, steps=adoption.version.steps, progress=progress
    )
    if request.method == "POST":
        saved = _attempt(
            form,
            lambda: playbooks.adoption_progress_update(
                acting_user=request.user, adoption=adoption, steps=form.steps()
            ),
        )
        if saved is not None:
            messages.success(request, "Your progress has been saved")
            return redirect("frontend:adoption-detail", adoption_id=adoption.pk)
    context = _adoption_context(adoption, form if tracking else None, progress)
    return render(request, "frontend/projects/adoption.html", context)


def _adoption_context(
    adoption: Adoption, form: forms_projects.AdoptionProgressForm | None, progress: dict[str, Any]
) -> dict[str, Any]:
    latest = selectors.playbook_latest_version(playbook=adoption.playbook)
    newer = latest if latest and latest.number > adoption.version.number else None
    steps = adoption.version.steps
    return {
        "adoption": adoption,
        "form": form,
        "rows": [
            {
                "number": index,
                "step": step,
                "html": render_markdown(step.get("body", "")),
                "progress": progress.get(step["key"]),
                "fields": form.rows()[index - 1] if form else None,
            }
            for index, step in enumerate(steps, start=1)
        ],
        "newer": newer,
        "newer_changes": playbooks.versions_compare(steps, newer.steps) if newer else None,
    }
