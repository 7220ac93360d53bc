"""One small network with every role and every kind of object, built once for the
authorisation matrix and the schema fuzzing.

Camden (the owner borough) runs a private project, playbooks, a draft and an open
tender, a tender in evaluation, a draft and an open challenge and a challenge in a
blind judging round. Acme (the supplier) has bid and entered; Beta (the supplier of
another organisation) has asked questions nobody has answered yet. Hackney is the
officer of another borough. The judges, the chair and the evaluator are independent
people with no organisation: only their per-object grants let them in.

Rows are made through the apps' own services and the builders the apps' tests use,
so the world looks the way a real one does (audit rows, grants, sealed submissions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from challenges import judging
from challenges import services as challenge_services
from challenges.models import Round
from loti.accounts import privacy_services
from loti.accounts import services as account_services
from loti.accounts.models import Membership, Organisation, User
from loti.notifications.models import Category, Notification
from loti.notifications.tokens import unsubscribe_token
from loti.visibility import Visibility
from procurement import contracts_services
from procurement import services as tender_services
from procurement.cpv import cpv_codes_load
from procurement.models import CpvCode
from projects import collaboration, outcomes_links, playbooks
from projects import services as project_services
from tests.challenges import helpers as challenge_helpers
from tests.factories import (
    PASSWORD,
    OrganisationFactory,
    SupplierFactory,
    UserFactory,
    member_of,
)
from tests.procurement import helpers as tender_helpers
from tests.procurement.contracts import helpers as contract_helpers
from tests.projects.helpers import make_playbook, make_project

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The roles every row of the matrix must answer for, in the order the tables list them.
ROLES = (
    "anonymous",
    "supplier",  # a member of Acme, whose bid and entry the rows are about
    "other_supplier",  # a member of Beta, another supplier
    "owner_officer",  # Camden's administrator: Camden owns the projects, tenders, challenges
    "other_officer",  # Hackney's administrator: another borough
    "judge",  # on the blind round's panel, assigned Acme's entry, no conflicts
    "conflicted_judge",  # on the same panel, declared a conflict with Acme's entry
    "evaluator",  # named evaluator of the tender in evaluation, declared
    "network_admin",  # LOTI staff
)
# People some rows also name, where the nine roles do not show the rule.
EXTRA_ROLES = (
    "chair",  # chairs the blind round
    "owner_colleague",  # a plain member of Camden
    "adopter",  # a Lambeth officer who adopted Camden's playbook and asked to join a project
)

# Words that must never reach someone who may not see them (the field-level rules).
SEALED_SECRET = "Sealed-bid-secret-5c1e"
PRIVATE_COMMENT = "Private-comment-9a7b"
UNPUBLISHED_QUESTION = "Unpublished-question-3d2f"


@dataclass
class World:
    people: dict[str, User | None]
    ids: dict[str, Any] = field(default_factory=dict)

    def person(self, role: str) -> User | None:
        return self.people[role]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _people() -> dict[str, User | None]:
    camden = OrganisationFactory.create(slug="camden-w", name="Camden (world)")
    hackney = OrganisationFactory.create(slug="hackney-w", name="Hackney (world)")
    lambeth = OrganisationFactory.create(slug="lambeth-w", name="Lambeth (world)")
    acme = SupplierFactory.create(slug="acme-w", name="Acme Civic (world)")
    beta = SupplierFactory.create(slug="beta-w", name="Beta Labs (world)")
    loti = Organisation.objects.filter(slug="loti").first() or OrganisationFactory.create(
        slug="loti", name="LOTI (world)", kind=Organisation.Kind.NETWORK
    )
    admin = member_of(loti, role=Membership.Role.ADMIN, email="staff@loti-w.example")
    admin.is_network_admin = True
    admin.save(update_fields=["is_network_admin"])
    return {
        "anonymous": None,
        "supplier": member_of(acme, role=Membership.Role.ADMIN, email="sam@acme-w.example"),
        "other_supplier": member_of(beta, role=Membership.Role.ADMIN, email="bea@beta-w.example"),
        "owner_officer": member_of(
            camden, role=Membership.Role.ADMIN, email="alice@camden-w.example"
        ),
        "other_officer": member_of(
            hackney, role=Membership.Role.ADMIN, email="charlie@hackney-w.example"
        ),
        "judge": UserFactory.create(email="jo@judges-w.example", full_name="Jo Judge"),
        "conflicted_judge": UserFactory.create(email="kim@judges-w.example", full_name="Kim Judge"),
        "evaluator": UserFactory.create(
            email="eve@evaluators-w.example", full_name="Eve Evaluator"
        ),
        "network_admin": admin,
        "chair": UserFactory.create(email="chris@chairs-w.example", full_name="Chris Chair"),
        "owner_colleague": member_of(camden, email="bob@camden-w.example"),
        "adopter": member_of(lambeth, role=Membership.Role.ADMIN, email="dave@lambeth-w.example"),
    }


def _user(people: dict[str, User | None], role: str) -> User:
    user = people[role]
    assert user is not None
    return user


def _organisation(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


def _projects(people: dict[str, User | None], ids: dict[str, Any]) -> None:
    alice, adopter = _user(people, "owner_officer"), _user(people, "adopter")
    camden, lambeth = _organisation("camden-w"), _organisation("lambeth-w")
    private = make_project(alice, camden, title="Private damp sensors")
    network = make_project(alice, camden, title="Network chatbot", visibility=Visibility.NETWORK)
    public = make_project(alice, camden, title="Public chatbot", visibility=Visibility.PUBLIC)
    attachment = project_services.attachment_add(
        acting_user=alice, project=private, upload=_pdf("plan.pdf")
    )
    collaboration.comment_add(acting_user=alice, project=private, body=PRIVATE_COMMENT)
    collaboration.status_update_add(acting_user=alice, project=private, body="Pilot started.")
    outcome = outcomes_links.outcome_add(
        acting_user=alice, project=private, measure="Homes with damp alerts", target=Decimal(200)
    )
    link = outcomes_links.link_add(
        acting_user=alice, project=private, title="Pilot report", url="https://example.org/r"
    )
    private.refresh_from_db()
    feedback = collaboration.feedback_submit(project=public, body="Add a phone line.")
    interest = collaboration.interest_request(
        acting_user=adopter, project=network, organisation=lambeth
    )
    book = make_playbook(alice, camden, visibility=Visibility.PRIVATE)
    # A draft change, so there is something to publish.
    playbooks.playbook_draft_update(acting_user=alice, playbook=book, changes={"title": "New"})
    shared = make_playbook(alice, camden, title="Network playbook")
    adoption = playbooks.playbook_adopt(acting_user=adopter, playbook=shared, organisation=lambeth)
    ids.update(
        project=private.pk,
        project_network=network.pk,
        project_public=public.pk,
        project_attachment=attachment.pk,
        project_version=private.version,
        outcome=outcome.pk,
        link=link.pk,
        feedback=feedback.pk,
        interest=interest.pk,
        playbook=book.pk,
        playbook_shared=shared.pk,
        adoption=adoption.pk,
        step="users",
    )


def _tenders(people: dict[str, User | None], ids: dict[str, Any]) -> None:
    alice, sam = _user(people, "owner_officer"), _user(people, "supplier")
    bea, eve = _user(people, "other_supplier"), _user(people, "evaluator")
    camden, acme, beta = (_organisation(s) for s in ("camden-w", "acme-w", "beta-w"))
    if not CpvCode.objects.exists():
        cpv_codes_load(CpvCode)
    draft = tender_helpers.make_tender(alice, camden, title="Draft cleaning contract")
    draft_document = tender_services.tender_document_add(
        acting_user=alice,
        tender=draft,
        upload=_pdf("draft-spec.pdf"),
        document_type="technicalSpecifications",
    )
    open_ = tender_helpers.make_tender(alice, camden)
    # Added before publishing, so it is part of the tender rather than an amendment.
    tender_document = tender_services.tender_document_add(
        acting_user=alice,
        tender=open_,
        upload=_pdf("spec.pdf"),
        document_type="technicalSpecifications",
    )
    open_ = tender_helpers.publish(alice, open_)
    sealed = tender_services.bid_create(
        acting_user=sam,
        tender=open_,
        supplier=acme,
        price=Decimal(50_000),
        responses={"quality": SEALED_SECRET, "social-value": "Apprentices."},
    )
    sealed_document = tender_services.bid_attachment_add(
        acting_user=sam, bid=sealed, upload=_pdf("method.pdf")
    )
    tender_services.bid_submit(acting_user=sam, bid=sealed)
    question = tender_services.question_ask(
        acting_user=bea, tender=open_, supplier=beta, question=UNPUBLISHED_QUESTION
    )

    evaluation = tender_helpers.publish(
        alice, tender_helpers.make_tender(alice, camden, title="Evaluated data platform")
    )
    opened = tender_services.bid_create(
        acting_user=sam,
        tender=evaluation,
        supplier=acme,
        price=Decimal(60_000),
        responses=tender_helpers.RESPONSES,
    )
    opened_document = tender_services.bid_attachment_add(
        acting_user=sam, bid=opened, upload=_pdf("opened.pdf")
    )
    tender_services.bid_submit(acting_user=sam, bid=opened)
    tender_helpers.submitted_bid(bea, beta, evaluation, price=55_000)
    tender_helpers.in_evaluation(alice, eve, evaluation)
    evaluation.refresh_from_db()
    tender_services.evaluator_declare(acting_user=eve, tender=evaluation, conflicts={})
    saved = tender_services.saved_search_create(acting_user=sam, name="Cleaning", search="clean")
    ids.update(
        tender_draft=draft.pk,
        tender_draft_document=draft_document.pk,
        tender=open_.pk,
        tender_document=tender_document.pk,
        bid_sealed=sealed.pk,
        bid_sealed_document=sealed_document.pk,
        tender_question=question.pk,
        tender_evaluation=evaluation.pk,
        bid=opened.pk,
        bid_document=opened_document.pk,
        saved_search=saved.pk,
    )


def _contracts(people: dict[str, User | None], ids: dict[str, Any]) -> None:
    alice = _user(people, "owner_officer")
    camden = _organisation("camden-w")
    private = contract_helpers.make_contract(
        alice, camden, system_name="Housing repairs system", visibility=Visibility.PRIVATE
    )
    network = contract_helpers.make_contract(alice, camden, system_name="Parking permits")
    spreadsheet = contract_helpers.csv_bytes([contract_helpers.row(contract_reference="CW-1")])
    contract_import = contracts_services.contract_import_start(
        acting_user=alice, borough=camden, upload=contract_helpers.upload(spreadsheet)
    )
    search = contracts_services.pipeline_search_create(acting_user=alice, name="CRM renewals")
    ids.update(
        contract=private.pk,
        contract_network=network.pk,
        contract_import=contract_import.pk,
        pipeline_search=search.pk,
    )


def _challenges(people: dict[str, User | None], ids: dict[str, Any]) -> None:
    alice, sam, bea = (_user(people, r) for r in ("owner_officer", "supplier", "other_supplier"))
    jo, kim, chair = (_user(people, r) for r in ("judge", "conflicted_judge", "chair"))
    camden, acme, beta = (_organisation(s) for s in ("camden-w", "acme-w", "beta-w"))
    draft = challenge_helpers.make_challenge(alice, camden, title="Draft challenge")
    open_ = challenge_helpers.published(alice, camden, title="Open damp challenge")
    entry = challenge_services.entry_create(
        acting_user=sam,
        challenge=open_,
        supplier=acme,
        title="A damp sensor",
        summary="Cheap humidity sensors.",
        description="We fit sensors.",
        declaration={"confirmed": True, "london_based": True},
    )
    entry_document = challenge_services.entry_attachment_add(
        acting_user=sam, entry=entry, upload=_pdf("entry.pdf")
    )
    challenge_services.entry_submit(acting_user=sam, entry=entry)
    question = challenge_services.question_ask(
        acting_user=bea, challenge=open_, question=UNPUBLISHED_QUESTION
    )

    judged = challenge_helpers.published(alice, camden, title="Judged mould challenge")
    judged_entry = challenge_services.entry_create(
        acting_user=sam,
        challenge=judged,
        supplier=acme,
        title="Mould radar",
        summary="Radar for mould.",
        description="We scan walls.",
        declaration={"confirmed": True, "london_based": True},
    )
    judged_document = challenge_services.entry_attachment_add(
        acting_user=sam, entry=judged_entry, upload=_pdf("radar.pdf")
    )
    challenge_services.entry_submit(acting_user=sam, entry=judged_entry)
    other_entry = challenge_helpers.submitted_entry(bea, beta, judged, title="Mould paint")
    challenge_helpers.close(judged)
    for each in (judged_entry, other_entry):
        challenge_services.entry_screen(acting_user=alice, entry=each, eligible=True)
    round_ = challenge_helpers.make_round(alice, judged, judges_per_entry=1)
    Round.objects.filter(pk=round_.pk).update(blind=True)
    round_.refresh_from_db()
    challenge_helpers.join_panel(alice, round_, chair, chair=True)
    for judge in (jo, kim):
        challenge_helpers.join_panel(alice, round_, judge)
    pending = judging.panel_invite(acting_user=alice, round_=round_, email="new@judges-w.example")
    judging.round_start(acting_user=alice, round_=round_)
    judging.declaration_make(acting_user=chair, round_=round_)
    judging.declaration_make(acting_user=jo, round_=round_)
    judging.declaration_make(
        acting_user=kim,
        round_=round_,
        conflicts=[{"entry": judged_entry.pk, "kind": "financial", "detail": "I hold shares."}],
    )
    batch = judging.assignments_auto(acting_user=chair, round_=round_)
    judging.assignments_release(acting_user=chair, round_=round_)
    assignment = batch.assignments.get(entry=judged_entry)
    assert assignment.judge_id == jo.pk, "the conflicted judge must not be assigned"
    conflict = judged_entry.conflicts.get(judge=kim)
    ids.update(
        challenge_draft=draft.pk,
        challenge=open_.pk,
        entry=entry.pk,
        entry_document=entry_document.pk,
        challenge_question=question.pk,
        challenge_judged=judged.pk,
        round=round_.pk,
        round_entry=judged_entry.pk,
        round_document=judged_document.pk,
        conflict=conflict.pk,
        assignment=assignment.pk,
        batch=batch.pk,
        judge_token=judging.judge_invitation_token(pending),
        panel_invitation=pending.pk,
        panel_judge=round_.panel.get(user=jo).pk,
        chair_user=chair.pk,
        prize=judged.prizes.order_by("pk").values_list("pk", flat=True)[0],
    )


def _accounts(people: dict[str, User | None], ids: dict[str, Any]) -> None:
    alice = _user(people, "owner_officer")
    camden = _organisation("camden-w")
    invitation = account_services.invitation_create(
        acting_user=alice, organisation=camden, email="newcomer@camden-w.example"
    )
    notice = Notification.objects.filter(recipient=alice).order_by("pk").first()
    assert notice is not None, "the questions asked above notify the buyer"
    ids.update(
        organisation="camden-w",
        supplier_organisation="acme-w",
        member=_user(people, "owner_colleague").pk,
        invitation=invitation.pk,
        invitation_token=account_services.invitation_token(invitation),
        notification=notice.pk,
        unsubscribe_token=unsubscribe_token(user_id=alice.pk, categories=[Category.TENDERS]),
        uidb64=urlsafe_base64_encode(force_bytes(alice.pk)),
        reset_token="set-password",
    )


def _privacy(people: dict[str, User | None], ids: dict[str, Any]) -> None:
    # The supplier's sealed bid is still being decided, so the request waits for a
    # network administrator.
    deletion = privacy_services.account_deletion_request(
        acting_user=_user(people, "supplier"), password=PASSWORD
    )
    assert deletion.holds, "the supplier's open bid holds the deletion back"
    ids.update(deletion_request=deletion.pk)


def build_world() -> World:
    people = _people()
    world = World(people=people)
    _projects(people, world.ids)
    _tenders(people, world.ids)
    _contracts(people, world.ids)
    _challenges(people, world.ids)
    _accounts(people, world.ids)
    _privacy(people, world.ids)
    return world
