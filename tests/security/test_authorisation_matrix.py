"""Who may do what, for every address the service answers and every API operation.

The tables below give, for each route and method, the status every role gets. The
coverage tests fail when a URL pattern in the URLconf, or an operation in the OpenAPI
schema, has no row (or no stated reason to need none), so a new endpoint cannot ship
without saying who may call it.

Adding an endpoint
------------------
1. Add a row to API_ROWS or PAGE_ROWS:

       api("post", "tender-publish", DRAFT,
             401,   404,   404,   200,   404,   404,   404,   404,   404,
           also={"owner_colleague": 200},
       ),

   method, route name (without its namespace), URL arguments (a dict of URL
   argument to the name of a world object: the constants above the tables, or
   tests/security/world.py's ids; add an object there if none fits), then one status
   for each role in ROLES, in the order of the header comment above each table:
   anonymous, supplier (Acme, whose bid and entry it is), other supplier (Beta),
   owner officer (Camden, which owns the projects, tenders and challenges), other
   officer (Hackney), judge (assigned, no conflict), conflicted judge, evaluator,
   network admin. Options: `also={...}` adds people from EXTRA_ROLES (the chair,
   a plain member of Camden, Lambeth's adopter); `data={...}` is the body (a string
   "@name" becomes the world's id of that name); `query="?q=x"`; `headers={...}`
   (formatted with the world's ids). For pages, LOGIN means "sent to sign in".
   A permitted role whose body the service refuses shows its 400/409: the row
   still proves it got past the access check.
   A page gets a row for each method it handles: GET to show it, POST for its form
   (API methods without a row must answer 405, which a test checks).
2. A route that needs no authorisation at all goes in PUBLIC, with the reason.
3. Run this module: a failing row names every role whose status differs. The
   coverage tests name any route or operation still without a row.

Rules the tables follow (and test_other_tenants_never_learn_a_private_object_exists
checks): what the other borough or the other supplier may not see answers 404, the
same as something that does not exist; a visible thing they may not change answers
403; the API answers 401 to the signed-out, pages send them to sign in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from loti.accounts.models import User
from tests.conftest import force_login_with_two_factor
from tests.security.world import EXTRA_ROLES, ROLES, World

LOGIN = "sign-in"
Status = int | str


@dataclass(frozen=True)
class Row:
    method: str
    route: str  # namespaced: "api:tender-detail", "frontend:tender-detail"
    args: dict[str, str]  # URL argument -> name of a world object
    expected: dict[str, Status]
    data: dict[str, Any] | None = None
    query: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    format: str = "json"  # the API body's encoding: "multipart" for uploads

    def __str__(self) -> str:
        on = ",".join(self.args.values())
        return f"{self.method.upper()} {self.route}" + (f" [{on}]" if on else "")


def _row(
    namespace: str,
    method: str,
    route: str,
    args: dict[str, str],
    statuses: tuple[Status, ...],
    also: dict[str, Status] | None,
    **options: Any,
) -> Row:
    assert len(statuses) == len(ROLES), f"{route}: one status per role, {len(ROLES)} in all"
    assert set(also or {}) <= set(EXTRA_ROLES), f"{route}: unknown extra role"
    expected = dict(zip(ROLES, statuses, strict=True)) | dict(also or {})
    return Row(method, f"{namespace}:{route}", args, expected, **options)


def api(
    method: str,
    route: str,
    args: dict[str, str],
    *statuses: Status,
    also: dict[str, Status] | None = None,
    **options: Any,
) -> Row:
    return _row("api", method, route, args, statuses, also, **options)


def page(
    method: str,
    route: str,
    args: dict[str, str],
    *statuses: Status,
    also: dict[str, Status] | None = None,
    **options: Any,
) -> Row:
    return _row("frontend", method, route, args, statuses, also, **options)


# URL arguments, by the world object they name.
NONE: dict[str, str] = {}
PROJECT = {"project_id": "project"}  # Camden's private project
PROJECT_NETWORK = {"project_id": "project_network"}
PROJECT_PUBLIC = {"project_id": "project_public"}
PLAYBOOK = {"playbook_id": "playbook"}  # private, with an unpublished change
PLAYBOOK_SHARED = {"playbook_id": "playbook_shared"}  # network, adopted by Lambeth
ADOPTION = {"adoption_id": "adoption"}
DRAFT = {"tender_id": "tender_draft"}
TENDER = {"tender_id": "tender"}  # published, open: Acme's bid is sealed
EVALUATION = {"tender_id": "tender_evaluation"}  # closed, bids opened, evaluator declared
SEALED_BID = {"bid_id": "bid_sealed"}
BID = {"bid_id": "bid"}  # Acme's opened bid on the tender in evaluation
CHALLENGE_DRAFT = {"challenge_id": "challenge_draft"}
CHALLENGE = {"challenge_id": "challenge"}  # open, public; Acme has entered
JUDGED = {"challenge_id": "challenge_judged"}  # closed, in a blind scoring round
ENTRY = {"entry_id": "entry"}
ROUND = {"round_id": "round"}
ROUND_ENTRY = {"round_id": "round", "entry_id": "round_entry"}
CAMDEN = {"slug": "organisation"}
ACME = {"slug": "supplier_organisation"}
MEMBER = {"slug": "organisation", "user_id": "member"}  # Camden's plain member
INVITATION = {"slug": "organisation", "invitation_id": "invitation"}
INVITATION_TOKEN = {"token": "invitation_token"}
PROJECT_DOCUMENT = {"project_id": "project", "attachment_id": "project_attachment"}
FEEDBACK = {"feedback_id": "feedback"}  # the public's, on the public project, not moderated
INTEREST = {"interest_id": "interest"}  # Lambeth asking to join the network project
ADOPTION_STEP = {"adoption_id": "adoption", "key": "step"}
TENDER_QUESTION = {"tender_id": "tender", "question_id": "tender_question"}  # Beta's, unanswered
SEALED_DOCUMENT = {"bid_id": "bid_sealed", "attachment_id": "bid_sealed_document"}
BID_DOCUMENT = {"bid_id": "bid", "attachment_id": "bid_document"}
SAVED_SEARCH = {"saved_search_id": "saved_search"}  # Acme's person's
CHALLENGE_QUESTION = {"challenge_id": "challenge", "question_id": "challenge_question"}
ENTRY_DOCUMENT = {"entry_id": "entry", "attachment_id": "entry_document"}
ROUND_DOCUMENT = {"round_id": "round", "entry_id": "round_entry", "attachment_id": "round_document"}
CONFLICT = {"conflict_id": "conflict"}  # the conflicted judge's, with Acme's entry
ROUND_CONFLICT = {"round_id": "round", "conflict_id": "conflict"}
ASSIGNMENT = {"assignment_id": "assignment"}  # Acme's entry to the judge
BATCH = {"batch_id": "batch"}
JUDGE_TOKEN = {"token": "judge_token"}  # a judge invited to the round, not yet joined
NOTIFICATION = {"notification_id": "notification"}  # the owner officer's
UNSUBSCRIBE_TOKEN = {"token": "unsubscribe_token"}  # the owner officer's
DRAFT_DOCUMENT = {"tender_id": "tender_draft", "document_id": "tender_draft_document"}
TENDER_DOCUMENT = {"tender_id": "tender", "document_id": "tender_document"}  # published
OUTCOME = {"project_id": "project", "outcome_id": "outcome"}
LINK = {"project_id": "project", "link_id": "link"}
DELETION_REQUEST = {"request_id": "deletion_request"}  # the supplier's, waiting (held by a bid)

# Routes that need no authorisation, and why.
PUBLIC = {
    "healthz": "The load balancer's probe: says only whether the database and broker answer.",
    "api:schema": "The API's description is public, like its documentation.",
    "api:docs": "The API's documentation, built from the public schema.",
    "frontend:sign-in": "Signing in.",
    "frontend:sign-out": "Signing out (POST only); ends whatever session there is.",
    "frontend:password-reset": "Asking for a reset link; says the same whether or not the "
    "address has an account.",
    "frontend:password-reset-sent": "A static page after asking for a link.",
    "frontend:password-reset-confirm": "The link's signed token is the authorisation.",
    "frontend:password-reset-complete": "A static page after setting a password.",
    "frontend:sign-in-code": "The second step of signing in: it acts only on the first step "
    "kept in this browser's session, and sends anyone without one back to sign in.",
    "frontend:account-deleted": "A static page shown after one's account is deleted, when "
    "there is no longer anyone signed in.",
    "frontend:accessibility": "The accessibility statement, linked from every page.",
    "frontend:privacy": "The privacy notice, linked from every page and from sign-in.",
    "admin-sign-in": "Sends the admin's sign-in to the service's own sign-in (which throttles "
    "guessing and asks for the two-factor code).",
}
# The Django admin is one rule, tested in test_the_admin_site_is_for_staff_only.
ADMIN_NAMESPACE = "admin"

# fmt: off
API_ROWS: list[Row] = [
    #    anon   supp  osupp  owner  other  judge  cjudg   eval  admin
    api("post", "auth-token", NONE,
          400,   400,   400,   400,   400,   400,   400,   400,   400,
        data={"username": "nobody@example.org", "password": "wrong"},
    ),
    api("delete", "auth-token", NONE,
          401,   204,   204,   204,   204,   204,   204,   204,   204,
    ),
    api("get", "me", NONE,
          401,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("get", "organisation-list", NONE,
          401,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("post", "organisation-list", NONE,
          401,   403,   403,   403,   403,   403,   403,   403,   201,
        data={"name": "Barnet (test)", "kind": "borough"},
    ),
    api("get", "organisation-detail", CAMDEN,
          401,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("patch", "organisation-detail", CAMDEN,
          401,   403,   403,   200,   403,   403,   403,   403,   200,
        also={"owner_colleague": 403},
        data={"name": "Camden Council (world)"},
    ),
    api("get", "member-list", CAMDEN,
          401,   404,   404,   200,   404,   404,   404,   404,   200,
    ),
    api("patch", "member-detail", MEMBER,
          401,   404,   404,   200,   404,   404,   404,   404,   200,
        also={"owner_colleague": 403},
        data={"role": "admin"},
    ),
    api("delete", "member-detail", MEMBER,
          401,   404,   404,   204,   404,   404,   404,   404,   204,
    ),
    api("get", "invitation-list", CAMDEN,
          401,   404,   404,   200,   404,   404,   404,   404,   200,
        also={"owner_colleague": 403},
    ),
    api("post", "invitation-list", CAMDEN,
          401,   404,   404,   201,   404,   404,   404,   404,   201,
        also={"owner_colleague": 403},
        data={"email": "new.officer@camden-w.example"},
    ),
    api("delete", "invitation-detail", INVITATION,
          401,   404,   404,   204,   404,   404,   404,   404,   204,
        also={"owner_colleague": 403},
    ),
    api("get", "invitation-token", INVITATION_TOKEN,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("post", "invitation-accept", INVITATION_TOKEN,
          201,   403,   403,   403,   403,   403,   403,   403,   403,
        data={"full_name": "New Officer", "password": "a-long-enough-passphrase"},
    ),
    api("post", "supplier-register", NONE,
          201,   201,   201,   201,   201,   201,   201,   201,   201,
        data={"organisation_name": "Gamma Ltd",
            "size": "micro",
            "full_name": "Gail Gamma",
            "email": "gail@gamma.example",
            "password": "a-long-enough-passphrase"},
    ),
    api("get", "project-list", NONE,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("post", "project-list", NONE,
          401,   400,   400,   201,   201,   400,   400,   400,   201,
        data={"title": "Street lighting sensors", "summary": "Sensors on lamp posts."},
    ),
    api("get", "project-similar", NONE,
          401,   200,   200,   200,   200,   200,   200,   200,   200,
        query="?text=chatbot",
    ),
    api("get", "project-detail", PROJECT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("patch", "project-detail", PROJECT,
          401,   404,   404,   200,   404,   404,   404,   404,   404,
        data={"summary": "Changed."},
        headers={"If-Match": "\"project-{project}-v{project_version}\""},
    ),
    api("get", "project-revisions", PROJECT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("get", "project-revisions-compare", PROJECT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
        query="?from=1&to=1",
    ),
    api("post", "project-follow", PROJECT,
          401,   404,   404,   204,   404,   404,   404,   404,   404,
    ),
    api("delete", "project-follow", PROJECT,
          401,   404,   404,   204,   404,   404,   404,   404,   404,
    ),
    api("get", "project-comments", PROJECT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("post", "project-comments", PROJECT,
          401,   404,   404,   201,   404,   404,   404,   404,   404,
        data={"body": "Looks good."},
    ),
    api("get", "project-feedback", PROJECT_PUBLIC,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("post", "project-feedback", PROJECT_PUBLIC,
          201,   201,   201,   201,   201,   201,   201,   201,   201,
        data={"body": "Please add a phone line."},
    ),
    api("get", "project-updates", PROJECT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("post", "project-updates", PROJECT,
          401,   404,   404,   201,   404,   404,   404,   404,   404,
        data={"body": "Pilot started."},
    ),
    api("post", "project-interest", PROJECT_NETWORK,
          401,   404,   404,   400,   201,   404,   404,   404,   400,
        also={"adopter": 400},
        data={"organisation": "hackney-w"},
    ),
    api("post", "project-coauthors", PROJECT,
          401,   404,   404,   204,   404,   404,   404,   404,   404,
        data={"email": "dave@lambeth-w.example"},
    ),
    api("post", "project-adopt", PROJECT_NETWORK,
          401,   404,   404,   400,   201,   404,   404,   404,   400,
        also={"adopter": 400},
        data={"organisation": "hackney-w"},
    ),
    api("get", "project-adoptions", PROJECT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
        also={"adopter": 404},
    ),
    api("get", "project-attachments", PROJECT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("post", "project-attachments", PROJECT,
          401,   404,   404,   400,   404,   404,   404,   404,   404,
    ),
    api("get", "project-attachment", PROJECT_DOCUMENT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("post", "feedback-moderate", FEEDBACK,
          401,   404,   404,   200,   404,   404,   404,   404,   404,
        data={"approve": True},
    ),
    api("post", "interest-answer", INTEREST,
          401,   404,   404,   200,   404,   404,   404,   404,   404,
        also={"adopter": 403},
        data={"accept": True},
    ),
    api("get", "playbook-list", NONE,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("post", "playbook-list", NONE,
          401,   400,   400,   201,   201,   400,   400,   400,   201,
        data={"title": "Running a pilot", "summary": "How to run a pilot."},
    ),
    api("get", "playbook-detail", PLAYBOOK,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("patch", "playbook-detail", PLAYBOOK,
          401,   404,   404,   200,   404,   404,   404,   404,   404,
        data={"summary": "Changed."},
    ),
    api("post", "playbook-publish", PLAYBOOK,
          401,   404,   404,   201,   404,   404,   404,   404,   404,
        data={"change_note": "A new title."},
    ),
    api("get", "playbook-versions", PLAYBOOK,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("get", "playbook-versions-compare", PLAYBOOK,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
        query="?from=1&to=1",
    ),
    api("post", "playbook-adopt", PLAYBOOK_SHARED,
          401,   404,   404,   400,   201,   404,   404,   404,   400,
        also={"adopter": 400},
        data={"organisation": "hackney-w"},
    ),
    api("get", "adoption-detail", ADOPTION,
          401,   404,   404,   200,   404,   404,   404,   404,   404,
        also={"adopter": 200},
    ),
    api("patch", "adoption-step", ADOPTION_STEP,
          401,   404,   404,   403,   404,   404,   404,   404,   404,
        also={"adopter": 200},
        data={"status": "done"},
    ),
    api("get", "search", NONE,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
        query="?q=chatbot",
    ),
    api("get", "open-data-dcat", NONE,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("get", "open-data-csv", NONE,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("get", "tender-list", NONE,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("post", "tender-list", NONE,
          401,   403,   403,   201,   201,   403,   403,   403,   201,
        data={"title": "Parks wifi",
            "description": "Wifi in parks.",
            "cpv_codes": ["72000000"],
            "value_min": "10000",
            "value_max": "20000",
            "closes_at": "2099-01-01T12:00:00Z"},
    ),
    api("get", "tender-facets", NONE,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("get", "tender-detail", TENDER,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("get", "tender-detail", DRAFT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("patch", "tender-detail", DRAFT,
          401,   404,   404,   200,   404,   404,   404,   404,   404,
        data={"title": "Office cleaning"},
    ),
    api("post", "tender-publish", DRAFT,
          401,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("get", "tender-amendments", TENDER,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("post", "tender-amendments", TENDER,
          401,   403,   403,   201,   403,   403,   403,   403,   403,
        data={"rationale": "A clearer title.", "changes": {"title": "Digital inclusion service"}},
    ),
    api("post", "tender-withdraw", TENDER,
          401,   403,   403,   200,   403,   403,   403,   403,   403,
        data={"reason": "Budget withdrawn."},
    ),
    api("post", "tender-cancel", TENDER,
          401,   403,   403,   200,   403,   403,   403,   403,   403,
        data={"reason": "Budget withdrawn."},
    ),
    api("get", "tender-questions", TENDER,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("post", "tender-questions", TENDER,
          401,   201,   201,   403,   403,   403,   403,   403,   403,
        data={"question": "Is TUPE expected?"},
    ),
    api("post", "tender-question-answer", TENDER_QUESTION,
          401,   404,   404,   200,   404,   404,   404,   404,   404,
        data={"answer": "No."},
    ),
    api("get", "tender-bids", TENDER,
          401,   200,   200,   403,   200,   200,   200,   200,   200,
    ),
    api("get", "tender-bids", EVALUATION,
          401,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("post", "tender-bids", TENDER,
          401,   409,   201,   403,   403,   403,   403,   403,   403,
        data={"price": "40000"},
    ),
    api("get", "tender-evaluators", EVALUATION,
          401,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
    api("post", "tender-evaluators", EVALUATION,
          401,   403,   403,   201,   403,   403,   403,   403,   403,
        data={"email": "chris@chairs-w.example"},
    ),
    api("get", "tender-evaluation", EVALUATION,
          401,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
    api("post", "tender-evaluation-start", TENDER,
          401,   403,   403,   409,   403,   403,   403,   403,   403,
    ),
    api("get", "tender-bidders", TENDER,
          401,   403,   403,   403,   403,   403,   403,   403,   403,
    ),
    api("get", "tender-bidders", EVALUATION,
          401,   403,   403,   200,   403,   403,   403,   200,   403,
    ),
    api("get", "tender-conflicts", EVALUATION,
          401,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("post", "tender-conflicts", EVALUATION,
          401,   403,   403,   403,   403,   403,   403,   409,   403,
        data={"conflicts": []},
    ),
    api("post", "tender-award", EVALUATION,
          401,   403,   403,   409,   403,   403,   403,   403,   403,
        data={"bid": "@bid"},
    ),
    api("post", "tender-contract", EVALUATION,
          401,   403,   403,   409,   403,   403,   403,   403,   403,
    ),
    api("post", "tender-no-award", EVALUATION,
          401,   403,   403,   200,   403,   403,   403,   403,   403,
        data={"reason": "No bid was good enough."},
    ),
    api("get", "bid-detail", SEALED_BID,
          401,   200,   404,   404,   404,   404,   404,   404,   404,
    ),
    api("get", "bid-detail", BID,
          401,   200,   404,   200,   404,   404,   404,   200,   404,
    ),
    api("patch", "bid-detail", SEALED_BID,
          401,   200,   404,   404,   404,   404,   404,   404,   404,
        data={"price": "45000"},
    ),
    api("post", "bid-submit", SEALED_BID,
          401,   201,   404,   404,   404,   404,   404,   404,   404,
    ),
    api("post", "bid-withdraw", SEALED_BID,
          401,   200,   404,   404,   404,   404,   404,   404,   404,
    ),
    api("get", "bid-attachments", SEALED_BID,
          401,   200,   404,   404,   404,   404,   404,   404,   404,
    ),
    api("post", "bid-attachments", SEALED_BID,
          401,   400,   404,   404,   404,   404,   404,   404,   404,
    ),
    api("get", "bid-attachment", SEALED_DOCUMENT,
          401,   200,   404,   404,   404,   404,   404,   404,   404,
    ),
    api("get", "bid-attachment", BID_DOCUMENT,
          401,   200,   404,   200,   404,   404,   404,   200,   404,
    ),
    api("delete", "bid-attachment", SEALED_DOCUMENT,
          401,   204,   404,   404,   404,   404,   404,   404,   404,
    ),
    api("get", "bid-scores", BID,
          401,   200,   404,   200,   404,   404,   404,   200,   404,
    ),
    api("post", "bid-scores", BID,
          401,   403,   404,   403,   404,   404,   404,   200,   404,
        data={"scores": [{"criterion": "quality",
            "score": "4"}, {"criterion": "social-value",
            "score": "3"}]},
    ),
    api("post", "bid-moderation", BID,
          401,   403,   404,   409,   404,   404,   404,   403,   404,
        data={"scores": [{"criterion": "quality",
            "score": "4",
            "rationale": "Agreed."}, {"criterion": "social-value",
            "score": "3",
            "rationale": "Agreed."}]},
    ),
    api("get", "bid-assessment", BID,
          401,   409,   404,   403,   404,   404,   404,   403,   404,
    ),
    api("post", "tender-interest", TENDER,
          401,   204,   204,   204,   204,   204,   204,   204,   204,
        also={"adopter": 204},
    ),
    api("delete", "tender-interest", TENDER,
          401,   204,   204,   204,   204,   204,   204,   204,   204,
        also={"adopter": 204},
    ),
    api("get", "saved-search-list", NONE,
          401,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("post", "saved-search-list", NONE,
          401,   201,   201,   201,   201,   201,   201,   201,   201,
        data={"name": "Wifi", "search": "wifi"},
    ),
    api("get", "saved-search-detail", SAVED_SEARCH,
          401,   200,   404,   404,   404,   404,   404,   404,   404,
    ),
    api("delete", "saved-search-detail", SAVED_SEARCH,
          401,   204,   404,   404,   404,   404,   404,   404,   404,
    ),
    api("get", "ocds-package", NONE,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("get", "supplier-profile", ACME,
          401,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("patch", "supplier-profile", ACME,
          401,   200,   403,   403,   403,   403,   403,   403,   403,
        data={"summary": "Civic software."},
    ),
    api("get", "challenge-list", NONE,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("post", "challenge-list", NONE,
          401,   403,   403,   201,   201,   403,   403,   403,   201,
        data={"title": "Air quality",
            "problem_statement": "Measure it.",
            "opens_at": "2099-01-01T12:00:00Z",
            "closes_at": "2099-02-01T12:00:00Z"},
    ),
    api("get", "challenge-detail", CHALLENGE,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("get", "challenge-detail", CHALLENGE_DRAFT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("patch", "challenge-detail", CHALLENGE_DRAFT,
          401,   404,   404,   200,   404,   404,   404,   404,   404,
        data={"title": "Damp and mould"},
    ),
    api("post", "challenge-publish", CHALLENGE_DRAFT,
          401,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("post", "challenge-cancel", CHALLENGE,
          401,   403,   403,   200,   403,   403,   403,   403,   403,
        data={"reason": "Funding ended."},
    ),
    api("get", "challenge-questions", CHALLENGE,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("post", "challenge-questions", CHALLENGE,
          401,   201,   201,   201,   201,   201,   201,   201,   201,
        data={"question": "May charities enter?"},
    ),
    api("post", "challenge-question-answer", CHALLENGE_QUESTION,
          401,   404,   404,   200,   404,   404,   404,   404,   404,
        data={"answer": "Yes."},
    ),
    api("get", "challenge-entries", CHALLENGE,
          401,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("post", "challenge-entries", CHALLENGE,
          401,   409,   201,   403,   403,   403,   403,   403,   403,
        data={"title": "A humidity map"},
    ),
    api("get", "challenge-rounds", JUDGED,
          401,   403,   403,   200,   403,   200,   200,   403,   403,
        also={"chair": 200},
    ),
    api("post", "challenge-rounds", JUDGED,
          401,   403,   403,   201,   403,   403,   403,   403,   403,
        also={"chair": 403},
        data={"name": "Final", "kind": "final", "criteria": [{"name": "Impact", "weight": "100"}]},
    ),
    api("post", "challenge-decisions", JUDGED,
          401,   409,   409,   409,   409,   409,   409,   409,   409,
        also={"chair": 409},
        data={"awards": [{"prize": "@prize", "entry": "@round_entry", "rationale": "The best."}]},
    ),
    api("post", "challenge-results-publish", JUDGED,
          401,   403,   403,   409,   403,   403,   403,   403,   403,
        also={"chair": 403},
    ),
    api("get", "challenge-results", JUDGED,
          404,   404,   404,   404,   404,   404,   404,   404,   404,
        also={"chair": 404},
    ),
    api("get", "challenge-open-data-json", JUDGED,
          404,   404,   404,   404,   404,   404,   404,   404,   404,
        also={"chair": 404},
    ),
    api("get", "challenge-open-data-csv", JUDGED,
          404,   404,   404,   404,   404,   404,   404,   404,   404,
        also={"chair": 404},
    ),
    api("get", "entry-detail", ENTRY,
          401,   200,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("patch", "entry-detail", ENTRY,
          401,   200,   404,   403,   404,   404,   404,   404,   404,
        data={"summary": "Sharper."},
    ),
    api("post", "entry-submit", ENTRY,
          401,   201,   404,   403,   404,   404,   404,   404,   404,
    ),
    api("post", "entry-withdraw", ENTRY,
          401,   200,   404,   403,   404,   404,   404,   404,   404,
    ),
    api("post", "entry-screening", ENTRY,
          401,   403,   404,   200,   404,   404,   404,   404,   404,
        data={"eligible": True},
    ),
    api("get", "entry-feedback", ENTRY,
          401,   409,   404,   409,   404,   404,   404,   404,   404,
    ),
    api("get", "entry-attachments", ENTRY,
          401,   200,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("post", "entry-attachments", ENTRY,
          401,   400,   404,   403,   404,   404,   404,   404,   404,
    ),
    api("get", "entry-attachment", ENTRY_DOCUMENT,
          401,   200,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("delete", "entry-attachment", ENTRY_DOCUMENT,
          401,   204,   404,   403,   404,   404,   404,   404,   404,
    ),
    api("get", "round-detail", ROUND,
          401,   404,   404,   200,   404,   200,   200,   404,   404,
        also={"chair": 200},
    ),
    api("patch", "round-detail", ROUND,
          401,   404,   404,   409,   404,   403,   403,   404,   404,
        also={"chair": 403},
        data={"name": "Shortlist"},
    ),
    api("post", "round-start", ROUND,
          401,   404,   404,   409,   404,   403,   403,   404,   404,
        also={"chair": 403},
    ),
    api("post", "round-close", ROUND,
          401,   404,   404,   403,   404,   403,   403,   404,   404,
        also={"chair": 200},
    ),
    api("get", "round-panel", ROUND,
          401,   404,   404,   200,   404,   200,   200,   404,   404,
        also={"chair": 200},
    ),
    api("post", "round-panel", ROUND,
          401,   404,   404,   201,   404,   403,   403,   404,   404,
        also={"chair": 403},
        data={"email": "another@judges-w.example"},
    ),
    api("get", "round-declaration", ROUND,
          401,   404,   404,   200,   404,   200,   200,   404,   404,
        also={"chair": 200},
    ),
    api("post", "round-declaration", ROUND,
          401,   404,   404,   403,   404,   409,   409,   404,   404,
        also={"chair": 409},
        data={},
    ),
    api("get", "round-conflicts", ROUND,
          401,   404,   404,   200,   404,   200,   200,   404,   404,
        also={"chair": 200},
    ),
    api("get", "round-assignments", ROUND,
          401,   404,   404,   200,   404,   200,   200,   404,   404,
        also={"chair": 200},
    ),
    api("post", "round-assignments", ROUND,
          401,   404,   404,   403,   404,   403,   403,   404,   404,
        also={"chair": 201},
        data={"entry": "@round_entry", "judge": "@chair_user"},
    ),
    api("get", "round-assignment-loads", ROUND,
          401,   404,   404,   403,   404,   403,   403,   404,   404,
        also={"chair": 200},
    ),
    api("post", "round-assignments-auto", ROUND,
          401,   404,   404,   403,   404,   403,   403,   404,   404,
        also={"chair": 201},
    ),
    api("post", "round-assignments-release", ROUND,
          401,   404,   404,   403,   404,   403,   403,   404,   404,
        also={"chair": 409},
    ),
    api("get", "round-entries", ROUND,
          401,   404,   404,   200,   404,   200,   200,   404,   404,
        also={"chair": 200},
    ),
    api("get", "round-entry", ROUND_ENTRY,
          401,   404,   404,   200,   404,   200,   404,   404,   404,
        also={"chair": 200},
    ),
    api("get", "round-entry-score", ROUND_ENTRY,
          401,   404,   404,   200,   404,   200,   404,   404,   404,
        also={"chair": 200},
    ),
    api("put", "round-entry-score", ROUND_ENTRY,
          401,   404,   404,   403,   404,   200,   404,   404,   404,
        also={"chair": 403},
        data={"scores": {"impact": "3", "feasibility": "3"}},
    ),
    api("get", "round-results", ROUND,
          401,   404,   404,   200,   404,   403,   403,   404,   404,
        also={"chair": 200},
    ),
    api("get", "round-results-xlsx", ROUND,
          401,   404,   404,   200,   404,   403,   403,   404,   404,
        also={"chair": 200},
    ),
    api("get", "round-results-chart", ROUND,
          401,   404,   404,   200,   404,   403,   403,   404,   404,
        also={"chair": 200},
    ),
    api("post", "round-advance", ROUND,
          401,   404,   404,   403,   404,   403,   403,   404,   404,
        also={"chair": 409},
        data={"entries": ["@round_entry"]},
    ),
    api("post", "conflict-decision", CONFLICT,
          401,   404,   404,   404,   404,   404,   404,   404,   404,
        also={"chair": 409},
        data={"confirm": True},
    ),
    api("delete", "assignment-detail", ASSIGNMENT,
          401,   404,   404,   404,   404,   404,   404,   404,   404,
        also={"chair": 204},
    ),
    api("post", "assignment-batch-undo", BATCH,
          401,   404,   404,   404,   404,   404,   404,   404,   404,
        also={"chair": 200},
    ),
    api("post", "judge-invitation-accept", JUDGE_TOKEN,
          201,   403,   403,   403,   403,   403,   403,   403,   403,
        data={"full_name": "New Judge", "password": "a-long-enough-passphrase"},
    ),
    api("get", "notification-list", NONE,
          401,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("get", "notification-unread-count", NONE,
          401,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("post", "notification-read-all", NONE,
          401,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("post", "notification-read", NOTIFICATION,
          401,   404,   404,   200,   404,   404,   404,   404,   404,
        also={"owner_colleague": 404},
    ),
    api("get", "notification-preferences", NONE,
          401,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("patch", "notification-preferences", NONE,
          401,   200,   200,   200,   200,   200,   200,   200,   200,
        data={"tenders": "daily"},
    ),
    api("get", "audit-event-list", NONE,
          401,   403,   403,   403,   403,   403,   403,   403,   200,
    ),
    # Data protection (loti/accounts/privacy_api.py).
    api("get", "personal-data", NONE,
          401,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("get", "account-deletion", NONE,
          401,   200,   404,   404,   404,   404,   404,   404,   404,
    ),
    api("post", "account-deletion", NONE,
          401,   400,   400,   400,   400,   400,   400,   400,   400,
        data={"password": "not-the-password"},
    ),
    api("get", "deletion-request-list", NONE,
          401,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("get", "deletion-request-detail", DELETION_REQUEST,
          401,   200,   404,   404,   404,   404,   404,   404,   200,
    ),
    api("post", "deletion-request-confirm", DELETION_REQUEST,
          401,   403,   404,   404,   404,   404,   404,   404,   200,
    ),
    # A project's outcomes and links (projects/api_outcomes_links.py).
    api("get", "project-outcomes", PROJECT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("post", "project-outcomes", PROJECT,
          401,   404,   404,   201,   404,   404,   404,   404,   404,
        data={"measure": "Repairs avoided"},
    ),
    api("get", "project-outcome", OUTCOME,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("patch", "project-outcome", OUTCOME,
          401,   404,   404,   200,   404,   404,   404,   404,   404,
        data={"actual": "150"},
        headers={"If-Match": "\"project-{project}-v{project_version}\""},
    ),
    api("delete", "project-outcome", OUTCOME,
          401,   404,   404,   204,   404,   404,   404,   404,   404,
        headers={"If-Match": "\"project-{project}-v{project_version}\""},
    ),
    api("get", "project-links", PROJECT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("post", "project-links", PROJECT,
          401,   404,   404,   201,   404,   404,   404,   404,   404,
        data={"title": "Case study", "url": "https://example.org/case"},
    ),
    api("get", "project-link", LINK,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("patch", "project-link", LINK,
          401,   404,   404,   200,   404,   404,   404,   404,   404,
        data={"title": "Final report"},
        headers={"If-Match": "\"project-{project}-v{project_version}\""},
    ),
    api("delete", "project-link", LINK,
          401,   404,   404,   204,   404,   404,   404,   404,   404,
        headers={"If-Match": "\"project-{project}-v{project_version}\""},
    ),
    # The buyer's tender documents (procurement/api.py).
    api("get", "tender-documents", DRAFT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("get", "tender-documents", TENDER,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("post", "tender-documents", DRAFT,
          401,   404,   404,   400,   404,   404,   404,   404,   404,
        data={"document_type": "technicalSpecifications"}, format="multipart",
    ),
    api("post", "tender-documents", TENDER,
          401,   403,   403,   400,   403,   403,   403,   403,   403,
        data={"document_type": "technicalSpecifications"}, format="multipart",
    ),
    api("get", "tender-document", DRAFT_DOCUMENT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    api("get", "tender-document", TENDER_DOCUMENT,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    api("delete", "tender-document", DRAFT_DOCUMENT,
          401,   404,   404,   204,   404,   404,   404,   404,   404,
    ),
    api("delete", "tender-document", TENDER_DOCUMENT,
          401,   403,   403,   400,   403,   403,   403,   403,   403,
    ),
]
PAGE_ROWS: list[Row] = [
    #    anon   supp  osupp  owner  other  judge  cjudg   eval  admin
    page("get", "home", NONE,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("get", "account", NONE,
        LOGIN,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("get", "organisation-members", CAMDEN,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   200,
    ),
    page("post", "organisation-members", CAMDEN,
        LOGIN,   404,   404,   302,   404,   404,   404,   404,   302,
        also={"owner_colleague": 403},
        data={"email": "new.officer@camden-w.example", "role": "member"},
    ),
    page("get", "invitation-accept", INVITATION_TOKEN,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("post", "invitation-accept", INVITATION_TOKEN,
          200,   403,   403,   403,   403,   403,   403,   403,   403,
    ),
    page("get", "supplier-register", NONE,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("post", "supplier-register", NONE,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("get", "project-list", NONE,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("get", "project-new", NONE,
        LOGIN,   403,   403,   200,   200,   403,   403,   403,   200,
    ),
    page("post", "project-new", NONE,
        LOGIN,   403,   403,   200,   200,   403,   403,   403,   200,
    ),
    page("get", "project-detail", PROJECT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("get", "project-edit", PROJECT,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "project-edit", PROJECT,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("get", "project-history", PROJECT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("get", "project-compare", PROJECT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
        query="?from=1&to=1",
    ),
    page("post", "project-follow", PROJECT,
        LOGIN,   404,   404,   302,   404,   404,   404,   404,   404,
    ),
    page("post", "project-comment", PROJECT,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
        data={"body": "Looks good."},
    ),
    page("post", "project-status-update", PROJECT,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
        data={"body": "Pilot started."},
    ),
    page("post", "project-coauthor", PROJECT,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
        data={"email": "dave@lambeth-w.example"},
    ),
    page("post", "project-interest", PROJECT_NETWORK,
        LOGIN,   404,   404,   403,   302,   404,   404,   404,   302,
        also={"adopter": 200},
        data={"organisation": "hackney-w"},
    ),
    page("post", "project-adopt", PROJECT_NETWORK,
        LOGIN,   404,   404,   403,   302,   404,   404,   404,   302,
        also={"adopter": 302},
        data={"organisation": "hackney-w"},
    ),
    page("post", "project-attachment", PROJECT,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "project-feedback", PROJECT_PUBLIC,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
        data={"body": "Please add a phone line."},
    ),
    page("post", "feedback-moderate", FEEDBACK,
        LOGIN,   404,   404,   302,   404,   404,   404,   404,   404,
        data={"decision": "approve"},
    ),
    page("post", "interest-answer", INTEREST,
        LOGIN,   404,   404,   302,   404,   404,   404,   404,   404,
        also={"adopter": 403},
        data={"decision": "accept"},
    ),
    page("get", "playbook-list", NONE,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("get", "playbook-new", NONE,
        LOGIN,   403,   403,   200,   200,   403,   403,   403,   200,
    ),
    page("post", "playbook-new", NONE,
        LOGIN,   403,   403,   200,   200,   403,   403,   403,   200,
    ),
    page("get", "playbook-detail", PLAYBOOK,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("get", "playbook-edit", PLAYBOOK,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "playbook-edit", PLAYBOOK,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "playbook-publish", PLAYBOOK,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
        data={"change_note": "A new title."},
    ),
    page("post", "playbook-archive", PLAYBOOK,
        LOGIN,   404,   404,   302,   404,   404,   404,   404,   404,
    ),
    page("post", "playbook-adopt", PLAYBOOK_SHARED,
        LOGIN,   404,   404,   403,   302,   404,   404,   404,   302,
        also={"adopter": 200},
        data={"organisation": "hackney-w"},
    ),
    page("get", "playbook-versions", PLAYBOOK,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("get", "playbook-compare", PLAYBOOK,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
        query="?from=1&to=1",
    ),
    page("get", "adoption-detail", ADOPTION,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
        also={"adopter": 200},
    ),
    page("post", "adoption-detail", ADOPTION,
        LOGIN,   404,   404,   403,   404,   404,   404,   404,   404,
        also={"adopter": 200},
    ),
    page("get", "tender-list", NONE,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("get", "supplier-profile", ACME,
        LOGIN,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("get", "supplier-profile-edit", ACME,
        LOGIN,   200,   403,   403,   403,   403,   403,   403,   403,
    ),
    page("post", "supplier-profile-edit", ACME,
        LOGIN,   200,   403,   403,   403,   403,   403,   403,   403,
    ),
    page("get", "tender-create", NONE,
        LOGIN,   403,   403,   200,   200,   403,   403,   403,   200,
    ),
    page("post", "tender-create", NONE,
        LOGIN,   403,   403,   200,   200,   403,   403,   403,   200,
    ),
    page("get", "saved-searches", NONE,
        LOGIN,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("post", "saved-searches", NONE,
        LOGIN,   302,   302,   302,   302,   302,   302,   302,   302,
        data={"name": "Wifi", "search": "wifi"},
    ),
    page("get", "saved-search-delete", SAVED_SEARCH,
        LOGIN,   200,   404,   404,   404,   404,   404,   404,   404,
    ),
    page("post", "saved-search-delete", SAVED_SEARCH,
        LOGIN,   302,   404,   404,   404,   404,   404,   404,   404,
    ),
    page("get", "tender-detail", TENDER,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("get", "tender-detail", DRAFT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("get", "tender-edit", DRAFT,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "tender-edit", DRAFT,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("get", "tender-publish", DRAFT,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "tender-publish", DRAFT,
        LOGIN,   404,   404,   302,   404,   404,   404,   404,   404,
    ),
    page("get", "tender-amend", TENDER,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
    page("post", "tender-amend", TENDER,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
    page("get", "tender-withdraw", TENDER,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
    page("post", "tender-withdraw", TENDER,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
    page("get", "tender-cancel", TENDER,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
    page("post", "tender-cancel", TENDER,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
    page("get", "tender-no-award", EVALUATION,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
    page("post", "tender-no-award", EVALUATION,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
    page("post", "tender-follow", TENDER,
        LOGIN,   302,   302,   302,   302,   302,   302,   302,   302,
    ),
    page("get", "tender-questions", TENDER,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
    page("get", "tender-question-ask", TENDER,
        LOGIN,   200,   200,   403,   403,   403,   403,   403,   403,
    ),
    page("post", "tender-question-ask", TENDER,
        LOGIN,   302,   302,   403,   403,   403,   403,   403,   403,
        data={"question": "Is TUPE expected?"},
    ),
    page("get", "tender-question-answer", TENDER_QUESTION,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "tender-question-answer", TENDER_QUESTION,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "bid-start", TENDER,
        LOGIN,   409,   302,   403,   403,   403,   403,   403,   403,
    ),
    page("get", "tender-evaluation", EVALUATION,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
    page("post", "tender-evaluation-start", TENDER,
        LOGIN,   403,   403,   409,   403,   403,   403,   403,   403,
    ),
    page("post", "tender-evaluator-add", EVALUATION,
        LOGIN,   403,   403,   302,   403,   403,   403,   403,   403,
        data={"email": "chris@chairs-w.example"},
    ),
    page("get", "tender-award", EVALUATION,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
    page("post", "tender-award", EVALUATION,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
    page("post", "tender-contract", EVALUATION,
        LOGIN,   403,   403,   409,   403,   403,   403,   403,   403,
    ),
    page("get", "tender-conflicts", EVALUATION,
        LOGIN,   403,   403,   200,   403,   403,   403,   302,   403,
    ),
    page("post", "tender-conflicts", EVALUATION,
        LOGIN,   403,   403,   200,   403,   403,   403,   302,   403,
    ),
    page("get", "tender-evaluate", EVALUATION,
        LOGIN,   403,   403,   302,   403,   403,   403,   200,   403,
    ),
    page("get", "bid-detail", SEALED_BID,
        LOGIN,   200,   404,   404,   404,   404,   404,   404,   404,
    ),
    page("get", "bid-detail", BID,
        LOGIN,   200,   404,   200,   404,   404,   404,   200,   404,
    ),
    page("post", "bid-detail", SEALED_BID,
        LOGIN,   302,   404,   404,   404,   404,   404,   404,   404,
    ),
    page("get", "bid-submit", SEALED_BID,
        LOGIN,   200,   404,   404,   404,   404,   404,   404,   404,
    ),
    page("post", "bid-submit", SEALED_BID,
        LOGIN,   302,   404,   404,   404,   404,   404,   404,   404,
    ),
    page("get", "bid-receipt", SEALED_BID,
        LOGIN,   200,   404,   404,   404,   404,   404,   404,   404,
    ),
    page("get", "bid-receipt-json", SEALED_BID,
        LOGIN,   200,   404,   404,   404,   404,   404,   404,   404,
    ),
    page("get", "bid-withdraw", SEALED_BID,
        LOGIN,   200,   404,   404,   404,   404,   404,   404,   404,
    ),
    page("post", "bid-withdraw", SEALED_BID,
        LOGIN,   302,   404,   404,   404,   404,   404,   404,   404,
    ),
    page("get", "bid-assessment", BID,
        LOGIN,   409,   404,   403,   404,   404,   404,   403,   404,
    ),
    page("post", "bid-attachment-upload", SEALED_BID,
        LOGIN,   200,   404,   404,   404,   404,   404,   404,   404,
    ),
    page("get", "bid-attachment", SEALED_DOCUMENT,
        LOGIN,   200,   404,   404,   404,   404,   404,   404,   404,
    ),
    page("get", "bid-attachment", BID_DOCUMENT,
        LOGIN,   200,   404,   200,   404,   404,   404,   200,   404,
    ),
    page("post", "bid-attachment-remove", SEALED_DOCUMENT,
        LOGIN,   302,   404,   404,   404,   404,   404,   404,   404,
    ),
    page("get", "bid-score", BID,
        LOGIN,   403,   404,   403,   404,   404,   404,   200,   404,
    ),
    page("post", "bid-score", BID,
        LOGIN,   403,   404,   403,   404,   404,   404,   200,   404,
    ),
    page("get", "bid-moderate", BID,
        LOGIN,   403,   404,   200,   404,   404,   404,   403,   404,
    ),
    page("post", "bid-moderate", BID,
        LOGIN,   403,   404,   200,   404,   404,   404,   403,   404,
    ),
    page("get", "challenge-list", NONE,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("get", "challenge-create", NONE,
        LOGIN,   403,   403,   200,   200,   403,   403,   403,   200,
    ),
    page("post", "challenge-create", NONE,
        LOGIN,   403,   403,   200,   200,   403,   403,   403,   200,
    ),
    page("get", "challenge-detail", CHALLENGE,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("get", "challenge-detail", CHALLENGE_DRAFT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("get", "challenge-edit", CHALLENGE_DRAFT,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "challenge-edit", CHALLENGE_DRAFT,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("get", "challenge-invited", CHALLENGE_DRAFT,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "challenge-invited", CHALLENGE_DRAFT,
        LOGIN,   404,   404,   302,   404,   404,   404,   404,   404,
    ),
    page("get", "challenge-publish", CHALLENGE_DRAFT,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "challenge-publish", CHALLENGE_DRAFT,
        LOGIN,   404,   404,   302,   404,   404,   404,   404,   404,
    ),
    page("get", "challenge-cancel", CHALLENGE,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
    page("post", "challenge-cancel", CHALLENGE,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
    page("get", "challenge-questions", CHALLENGE,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
    page("get", "challenge-question-ask", CHALLENGE,
        LOGIN,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("post", "challenge-question-ask", CHALLENGE,
        LOGIN,   302,   302,   302,   302,   302,   302,   302,   302,
        data={"question": "May charities enter?"},
    ),
    page("get", "challenge-question-answer", CHALLENGE_QUESTION,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "challenge-question-answer", CHALLENGE_QUESTION,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("get", "challenge-enter", CHALLENGE,
        LOGIN,   200,   200,   403,   403,   403,   403,   403,   403,
    ),
    page("post", "challenge-enter", CHALLENGE,
        LOGIN,   200,   200,   403,   403,   403,   403,   403,   403,
    ),
    page("get", "challenge-entries", CHALLENGE,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
    page("get", "challenge-round-create", JUDGED,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
        also={"chair": 403},
    ),
    page("post", "challenge-round-create", JUDGED,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
        also={"chair": 403},
    ),
    page("get", "challenge-decisions", JUDGED,
        LOGIN,   403,   403,   403,   403,   403,   403,   403,   403,
        also={"chair": 200},
    ),
    page("post", "challenge-decisions", JUDGED,
        LOGIN,   403,   403,   403,   403,   403,   403,   403,   403,
        also={"chair": 200},
    ),
    page("get", "challenge-results", JUDGED,
          404,   404,   404,   404,   404,   404,   404,   404,   404,
        also={"chair": 404},
    ),
    page("get", "challenge-results-publish", JUDGED,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
        also={"chair": 403},
    ),
    page("post", "challenge-results-publish", JUDGED,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
        also={"chair": 403},
    ),
    page("get", "challenge-entry", ENTRY,
        LOGIN,   200,   404,   302,   404,   404,   404,   404,   404,
    ),
    page("post", "challenge-entry", ENTRY,
        LOGIN,   200,   404,   302,   404,   404,   404,   404,   404,
    ),
    page("get", "challenge-entry-submit", ENTRY,
        LOGIN,   200,   404,   403,   404,   404,   404,   404,   404,
    ),
    page("post", "challenge-entry-submit", ENTRY,
        LOGIN,   302,   404,   403,   404,   404,   404,   404,   404,
    ),
    page("get", "challenge-entry-receipt", ENTRY,
        LOGIN,   200,   404,   302,   404,   404,   404,   404,   404,
    ),
    page("get", "challenge-entry-receipt-json", ENTRY,
        LOGIN,   200,   404,   404,   404,   404,   404,   404,   404,
    ),
    page("get", "challenge-entry-withdraw", ENTRY,
        LOGIN,   200,   404,   403,   404,   404,   404,   404,   404,
    ),
    page("post", "challenge-entry-withdraw", ENTRY,
        LOGIN,   302,   404,   403,   404,   404,   404,   404,   404,
    ),
    page("get", "challenge-entry-screen", ENTRY,
        LOGIN,   403,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "challenge-entry-screen", ENTRY,
        LOGIN,   403,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "challenge-entry-upload", ENTRY,
        LOGIN,   200,   404,   403,   404,   404,   404,   404,   404,
    ),
    page("get", "challenge-entry-document", ENTRY_DOCUMENT,
        LOGIN,   200,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "challenge-entry-document-remove", ENTRY_DOCUMENT,
        LOGIN,   302,   404,   403,   404,   404,   404,   404,   404,
    ),
    page("get", "challenge-round", ROUND,
        LOGIN,   404,   404,   200,   404,   200,   200,   404,   404,
        also={"chair": 200},
    ),
    page("get", "challenge-round-edit", ROUND,
        LOGIN,   404,   404,   409,   404,   403,   403,   404,   404,
        also={"chair": 403},
    ),
    page("post", "challenge-round-edit", ROUND,
        LOGIN,   404,   404,   409,   404,   403,   403,   404,   404,
        also={"chair": 403},
    ),
    page("post", "challenge-round-panel", ROUND,
        LOGIN,   404,   404,   302,   404,   403,   403,   404,   404,
        also={"chair": 403},
        data={"email": "another@judges-w.example", "is_chair": "False"},
    ),
    page("post", "challenge-round-method", ROUND,
        LOGIN,   404,   404,   302,   404,   403,   403,   404,   404,
        also={"chair": 302},
        data={"method": "zscore"},
    ),
    page("post", "challenge-round-start", ROUND,
        LOGIN,   404,   404,   409,   404,   403,   403,   404,   404,
        also={"chair": 403},
    ),
    page("post", "challenge-round-close", ROUND,
        LOGIN,   404,   404,   403,   404,   403,   403,   404,   404,
        also={"chair": 302},
    ),
    page("get", "challenge-round-declaration", ROUND,
        LOGIN,   404,   404,   404,   404,   302,   302,   404,   404,
        also={"chair": 302},
    ),
    page("post", "challenge-round-declaration", ROUND,
        LOGIN,   404,   404,   404,   404,   302,   302,   404,   404,
        also={"chair": 302},
    ),
    page("get", "challenge-round-entry", ROUND_ENTRY,
        LOGIN,   404,   404,   200,   404,   200,   404,   404,   404,
        also={"chair": 200},
    ),
    page("post", "challenge-round-entry", ROUND_ENTRY,
        LOGIN,   404,   404,   200,   404,   200,   404,   404,   404,
        also={"chair": 200},
    ),
    page("get", "challenge-round-document", ROUND_DOCUMENT,
        LOGIN,   404,   404,   200,   404,   200,   404,   404,   404,
        also={"chair": 200},
    ),
    page("get", "challenge-round-conflicts", ROUND,
        LOGIN,   404,   404,   403,   404,   403,   403,   404,   404,
        also={"chair": 200},
    ),
    page("post", "challenge-conflict-decision", ROUND_CONFLICT,
        LOGIN,   404,   404,   403,   404,   403,   403,   404,   404,
        also={"chair": 400},
        data={"decision": "confirm"},
    ),
    page("get", "challenge-round-assignments", ROUND,
        LOGIN,   404,   404,   403,   404,   403,   403,   404,   404,
        also={"chair": 200},
    ),
    page("post", "challenge-round-assignments", ROUND,
        LOGIN,   404,   404,   403,   404,   403,   403,   404,   404,
        also={"chair": 200},
    ),
    page("post", "challenge-round-assignments-auto", ROUND,
        LOGIN,   404,   404,   403,   404,   403,   403,   404,   404,
        also={"chair": 302},
    ),
    page("post", "challenge-round-assignments-release", ROUND,
        LOGIN,   404,   404,   403,   404,   403,   403,   404,   404,
        also={"chair": 409},
    ),
    page("post", "challenge-assignment-remove", ASSIGNMENT,
        LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,
        also={"chair": 302},
    ),
    page("post", "challenge-assignment-batch-undo", BATCH,
        LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,
        also={"chair": 302},
    ),
    page("get", "challenge-round-results", ROUND,
        LOGIN,   404,   404,   200,   404,   403,   403,   404,   404,
        also={"chair": 200},
    ),
    page("get", "challenge-round-sheet", ROUND,
        LOGIN,   404,   404,   200,   404,   403,   403,   404,   404,
        also={"chair": 200},
    ),
    page("post", "challenge-round-advance", ROUND,
        LOGIN,   404,   404,   403,   404,   403,   403,   404,   404,
        also={"chair": 200},
    ),
    page("get", "challenge-judge-invitation", JUDGE_TOKEN,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("post", "challenge-judge-invitation", JUDGE_TOKEN,
          200,   403,   403,   403,   403,   403,   403,   403,   403,
    ),
    page("get", "notifications", NONE,
        LOGIN,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("post", "notification-read", NOTIFICATION,
        LOGIN,   404,   404,   302,   404,   404,   404,   404,   404,
        also={"owner_colleague": 404},
    ),
    page("post", "notifications-read-all", NONE,
        LOGIN,   302,   302,   302,   302,   302,   302,   302,   302,
    ),
    page("get", "notification-preferences", NONE,
        LOGIN,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("post", "notification-preferences", NONE,
        LOGIN,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("get", "notifications-unsubscribe", UNSUBSCRIBE_TOKEN,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("post", "notifications-unsubscribe", UNSUBSCRIBE_TOKEN,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    # Data protection and two-factor sign-in (frontend/views_privacy.py, views_two_factor.py).
    page("get", "personal-data", NONE,
        LOGIN,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("get", "personal-data-download", NONE,
        LOGIN,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("get", "account-delete", NONE,
        LOGIN,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("post", "account-delete", NONE,
        LOGIN,   200,   200,   200,   200,   200,   200,   200,   200,
        data={"password": "not-the-password"},
    ),
    page("get", "deletion-requests", NONE,
        LOGIN,   404,   404,   404,   404,   404,   404,   404,   200,
    ),
    page("get", "deletion-request", DELETION_REQUEST,
        LOGIN,   200,   404,   404,   404,   404,   404,   404,   200,
    ),
    page("post", "deletion-request", DELETION_REQUEST,
        LOGIN,   403,   404,   404,   404,   404,   404,   404,   302,
    ),
    page("get", "two-factor", NONE,
        LOGIN,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("get", "two-factor-set-up", NONE,
        LOGIN,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("post", "two-factor-set-up", NONE,
        LOGIN,   200,   200,   200,   200,   200,   200,   200,   200,
        data={"code": "000000"},
    ),
    page("post", "two-factor-recovery-codes", NONE,
        LOGIN,   400,   400,   400,   400,   400,   400,   400,   400,
        data={"code": "000000"},
    ),
    page("post", "two-factor-turn-off", NONE,
        LOGIN,   400,   400,   400,   400,   400,   400,   400,   400,
        data={"code": "000000"},
    ),
    # A project's outcomes and links (frontend/views_projects.py).
    page("get", "project-outcome-new", PROJECT,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "project-outcome-new", PROJECT,
        LOGIN,   404,   404,   302,   404,   404,   404,   404,   404,
        data={"measure": "Repairs avoided"},
    ),
    page("get", "project-outcome", OUTCOME,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "project-outcome", OUTCOME,
        LOGIN,   404,   404,   302,   404,   404,   404,   404,   404,
        data={"measure": "Homes alerted", "version": "@project_version"},
    ),
    page("post", "project-outcome-remove", OUTCOME,
        LOGIN,   404,   404,   302,   404,   404,   404,   404,   404,
        data={"version": "@project_version"},
    ),
    page("get", "project-link-new", PROJECT,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "project-link-new", PROJECT,
        LOGIN,   404,   404,   302,   404,   404,   404,   404,   404,
        data={"title": "Case study", "url": "https://example.org/case"},
    ),
    page("get", "project-link", LINK,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "project-link", LINK,
        LOGIN,   404,   404,   302,   404,   404,   404,   404,   404,
        data={"title": "Final report", "url": "https://example.org/r",
              "version": "@project_version"},
    ),
    page("post", "project-link-remove", LINK,
        LOGIN,   404,   404,   302,   404,   404,   404,   404,   404,
        data={"version": "@project_version"},
    ),
    # The buyer's tender documents (frontend/views_procurement.py).
    page("get", "tender-documents", DRAFT,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "tender-documents", DRAFT,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
        data={"document_type": "technicalSpecifications"},
    ),
    page("get", "tender-documents", TENDER,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
    page("get", "tender-document", DRAFT_DOCUMENT,
          404,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("get", "tender-document", TENDER_DOCUMENT,
          200,   200,   200,   200,   200,   200,   200,   200,   200,
    ),
    page("get", "tender-document-remove", DRAFT_DOCUMENT,
        LOGIN,   404,   404,   200,   404,   404,   404,   404,   404,
    ),
    page("post", "tender-document-remove", DRAFT_DOCUMENT,
        LOGIN,   404,   404,   302,   404,   404,   404,   404,   404,
    ),
    page("get", "tender-document-remove", TENDER_DOCUMENT,
        LOGIN,   403,   403,   200,   403,   403,   403,   403,   403,
    ),
]
# fmt: on
ROWS = API_ROWS + PAGE_ROWS


# Running a row ------------------------------------------------------------------------


def _resolve(value: Any, world: World) -> Any:
    if isinstance(value, str) and value.startswith("@"):
        return world.ids[value[1:]]
    if isinstance(value, dict):
        return {key: _resolve(item, world) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve(item, world) for item in value]
    return value


def url_of(row: Row, world: World) -> str:
    kwargs = {argument: world.ids[name] for argument, name in row.args.items()}
    return reverse(row.route, kwargs=kwargs) + row.query


def _client(row: Row, user: Any) -> Client:
    if row.route.startswith("api:"):
        client: Client = APIClient()
        if user is not None:
            client.force_authenticate(user)  # type: ignore[attr-defined]
        return client
    client = Client()
    if user is not None and user.is_network_admin:
        # As after entering the code: until then a network administrator may only set
        # one up (loti/accounts/middleware.py).
        force_login_with_two_factor(client, user)
    elif user is not None:
        client.force_login(user)
    return client


def status_of(row: Row, world: World, role: str) -> Status:
    """The status the role gets, the request's writes undone afterwards."""
    client = _client(row, world.person(role))
    options: dict[str, Any] = {
        f"HTTP_{name.upper().replace('-', '_')}": value.format_map(world.ids)
        for name, value in row.headers.items()
    }
    data = _resolve(row.data, world)
    if row.route.startswith("api:"):
        options["format"] = row.format
    elif data is None and row.method == "post":
        data = {}
    savepoint = transaction.savepoint()
    try:
        response = getattr(client, row.method)(url_of(row, world), data, **options)
    finally:
        transaction.savepoint_rollback(savepoint)
    if response.status_code == 302 and _to_sign_in(response["Location"]):
        return LOGIN
    return response.status_code


def _to_sign_in(location: str) -> bool:
    return location.startswith(reverse(settings.LOGIN_URL) + "?")


@pytest.mark.parametrize("row", ROWS, ids=str)
def test_each_role_gets_what_the_table_says(world: World, db: None, row: Row) -> None:
    observed = {role: status_of(row, world, role) for role in row.expected}
    wrong = {
        role: f"expected {row.expected[role]}, got {status}"
        for role, status in observed.items()
        if status != row.expected[role]
    }
    assert not wrong, f"{row}: {wrong}"


# Coverage -----------------------------------------------------------------------------


def _patterns(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {prefix}{pattern.pattern}>"
            yield f"{namespace}{name}", prefix + str(pattern.pattern)


def url_patterns() -> dict[str, str]:
    """Every URL pattern of the URLconf, by namespaced name, with its route."""
    return dict(_patterns(get_resolver()))


def openapi_path(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def test_every_url_pattern_has_a_row_or_a_reason() -> None:
    covered = {row.route for row in ROWS} | set(PUBLIC)
    missing = [
        name
        for name in url_patterns()
        if name not in covered and not name.startswith(f"{ADMIN_NAMESPACE}:")
    ]
    assert not missing, f"Add rows (or a PUBLIC reason) for: {missing}"


def test_every_row_names_a_url_pattern() -> None:
    names = url_patterns()
    assert not [row.route for row in ROWS if row.route not in names]
    assert not [name for name in PUBLIC if name not in names]


def test_every_api_operation_has_a_row() -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    routes = url_patterns()
    rows = {(row.method, openapi_path(routes[row.route])) for row in API_ROWS}
    operations = {
        (method, path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    missing = sorted(f"{method.upper()} {path}" for method, path in operations - rows)
    assert not missing, f"Add API_ROWS for: {missing}"


def test_api_methods_without_a_row_are_refused(world: World, db: None) -> None:
    """A method the table does not list answers 405, so no handler hides from it."""
    by_route: dict[str, list[Row]] = {}
    for row in API_ROWS:
        by_route.setdefault(row.route, []).append(row)
    unlisted = []
    for route, rows in by_route.items():
        listed = {row.method for row in rows}
        for method in {"get", "post", "put", "patch", "delete"} - listed:
            probe = Row(method, route, rows[0].args, {})
            status = status_of(probe, world, "network_admin")
            if status != 405:
                unlisted.append(f"{method.upper()} {route}: {status}")
    assert not unlisted, f"Add rows for: {unlisted}"


PRIVATE_OBJECTS = {
    "project",
    "playbook",
    "adoption",
    "tender_draft",
    "bid_sealed",
    "bid",
    "challenge_draft",
    "entry",
    "round",
    "round_entry",
    "saved_search",
}
OTHER_TENANTS = ("other_supplier", "other_officer")


def test_other_tenants_never_learn_a_private_object_exists() -> None:
    """Checks the tables themselves: on another organisation's private object, the
    other supplier and the other borough get 404, never 403."""
    wrong = [
        f"{row} as {role}: {row.expected[role]}"
        for row in ROWS
        if set(row.args.values()) & PRIVATE_OBJECTS
        for role in OTHER_TENANTS
        if row.expected[role] not in (404, LOGIN, 401)
    ]
    assert not wrong, wrong


def test_the_signed_out_are_asked_to_sign_in_not_refused() -> None:
    """Checks the tables: a signed-out person is never told "not allowed" (403): the
    API asks for credentials (401), a page sends them to sign in, and what they may
    not see does not exist (404)."""
    assert [str(row) for row in ROWS if row.expected["anonymous"] == 403] == []
    pages = [row for row in PAGE_ROWS if row.expected["anonymous"] == 401]
    assert [str(row) for row in pages] == []


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_routes_answer_the_signed_out(world: World, db: None, name: str) -> None:
    route = url_patterns()[name]
    arguments = re.findall(r"<(?:\w+:)?(\w+)>", route)
    kwargs = {argument: world.ids.get(argument, "x") for argument in arguments}
    response = Client().get(reverse(name, kwargs=kwargs))
    assert response.status_code < 500
    assert not (response.status_code == 302 and _to_sign_in(response["Location"]))


def test_the_admin_site_is_for_staff_only(world: World, db: None) -> None:
    """Every model's admin pages send anyone who is not staff to the admin's own
    sign-in: the network administrator too, until made staff."""
    urls = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    sign_in = reverse("admin:login")
    for role in ROLES:
        client, person = Client(), world.person(role)
        if person is not None:
            client.force_login(person)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302, (role, url)
            assert response["Location"].startswith(sign_in), (role, url)
    admin_user = world.person("network_admin")
    assert admin_user is not None
    # A copy, so the world's own person is unchanged when this test's rows roll back.
    staff = User.objects.get(pk=admin_user.pk)
    staff.is_staff = staff.is_superuser = True
    staff.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.force_login(staff)
    assert all(client.get(url).status_code == 200 for url in urls)
