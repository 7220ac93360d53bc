from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Case, Exists, ExpressionWrapper, F, Q, Value, When
from django.db.models.functions import Now
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from loti.accounts.models import Membership, Organisation, User
from loti.attachments import Attachment
from loti.charter import CharterFields
from loti.clarifications import Clarification
from loti.visibility import Visibility, VisibleModel, VisibleQuerySet


class CpvCode(models.Model):
    """One code of the Common Procurement Vocabulary (CPV 2008), loaded from the
    shared CSV by a data migration. The file carries the 8-digit codes without their
    check digits, so the check digit is not stored."""

    code = models.CharField(max_length=8, primary_key=True)
    description = models.CharField(max_length=400)
    division = models.CharField(max_length=2, db_index=True, help_text="The first two digits.")

    class Meta:
        ordering = ["code"]
        verbose_name = "CPV code"

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class TenderStatus(models.TextChoices):
    """The stored status. A published tender whose closes_at has passed is shown as
    CLOSED: that is worked out against the database clock on every read, never stored."""

    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed"
    EVALUATION = "evaluation", "Evaluation"
    STANDSTILL = "standstill", "Standstill"
    AWARDED = "awarded", "Awarded"
    NO_AWARD = "no_award", "No award"
    CANCELLED = "cancelled", "Cancelled"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Fewer days than this between now and the deadline earns suppliers a warning.
CLOSING_SOON_DAYS = 10


class TenderQuerySet(VisibleQuerySet["Tender"]):
    owner_field = "buyer"
    owner_m2m_field = "participating_boroughs"
    # Tenders are private while draft and public once published: never SHARED, so the
    # shared-with rule points at the joint buyers, who are owners anyway.
    shared_field = "participating_boroughs"
    user_permission_model = "procurement.TenderUserObjectPermission"
    group_permission_model = "procurement.TenderGroupObjectPermission"

    def with_clock(self) -> TenderQuerySet:
        """Annotate what the database clock says now: open for bids, open for
        questions, closing within CLOSING_SOON_DAYS, and the status a person sees
        (published past its deadline is closed)."""
        accepting = Q(status=TenderStatus.PUBLISHED, closes_at__gt=Now())
        return self.annotate(
            db_deadline_passed=ExpressionWrapper(
                Q(closes_at__lte=Now()), output_field=models.BooleanField()
            ),
            db_is_open=ExpressionWrapper(accepting, output_field=models.BooleanField()),
            db_questions_open=ExpressionWrapper(
                accepting & (Q(questions_close_at__isnull=True) | Q(questions_close_at__gt=Now())),
                output_field=models.BooleanField(),
            ),
            db_closes_soon=ExpressionWrapper(
                Q(closes_at__gt=Now(), closes_at__lte=Now() + timedelta(days=CLOSING_SOON_DAYS)),
                output_field=models.BooleanField(),
            ),
            db_stage=Case(
                When(
                    status=TenderStatus.PUBLISHED,
                    closes_at__lte=Now(),
                    then=Value(TenderStatus.CLOSED.value),
                ),
                default=F("status"),
                output_field=models.CharField(),
            ),
        )


class Tender(VisibleModel, CharterFields):
    """A borough's (or several boroughs') invitation to tender, published on the board."""

    title = models.CharField(max_length=200)
    description = models.TextField()
    status = models.CharField(
        max_length=12, choices=TenderStatus.choices, default=TenderStatus.DRAFT
    )
    buyer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="tenders")
    participating_boroughs = models.ManyToManyField(
        Organisation, blank=True, related_name="joint_tenders"
    )
    cpv_codes = models.ManyToManyField(CpvCode, related_name="tenders")
    value_min = models.DecimalField(max_digits=14, decimal_places=2)
    value_max = models.DecimalField(max_digits=14, decimal_places=2)
    contract_months = models.PositiveSmallIntegerField(null=True, blank=True)
    location_boroughs = models.ManyToManyField(
        Organisation, blank=True, related_name="tenders_located_in"
    )
    location_remote = models.BooleanField(default=False, help_text="The work can be done remotely.")
    sme_suitable = models.BooleanField(default=False)
    vcse_suitable = models.BooleanField(default=False)

    loti_data_clause_included = models.BooleanField(
        default=True, help_text="The contract includes LOTI's data-access clause."
    )
    loti_data_clause_explanation = models.TextField(
        blank=True, help_text="Why the data-access clause is left out."
    )

    published_at = models.DateTimeField(null=True, blank=True)
    questions_close_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField()
    expected_award_on = models.DateField(null=True, blank=True)
    listed_at = models.DateTimeField(
        default=timezone.now, help_text="When published (created, while a draft): 'newest' order."
    )

    end_reason = models.TextField(
        blank=True, help_text="Why it was withdrawn, cancelled or ended without an award."
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    winning_bid = models.OneToOneField(
        "Bid", on_delete=models.PROTECT, null=True, blank=True, related_name="won_tender"
    )
    award_decided_at = models.DateTimeField(null=True, blank=True)
    standstill_ends_on = models.DateField(null=True, blank=True)
    contract_awarded_at = models.DateTimeField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = TenderQuerySet.as_manager()

    class Meta:
        ordering = ["-listed_at", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="tender_search_idx"),
            models.Index(fields=["visibility", "status", "closes_at"]),
            models.Index(fields=["buyer", "status"]),
            # The board's two orders ("newest", "closing"): a page, however deep, reads
            # the index from the cursor on instead of sorting every visible tender.
            models.Index(fields=["listed_at", "id"], name="tender_listed_idx"),
            models.Index(fields=["closes_at", "id"], name="tender_closing_idx"),
            # Every column the facet counts read (selectors._FACETS_SQL), so counting
            # reads this index alone (an index-only scan) instead of every tender's
            # description and search vector: a tenth of the table's size.
            models.Index(
                fields=["visibility"],
                include=[
                    "id",
                    "status",
                    "closes_at",
                    "value_max",
                    "sme_suitable",
                    "vcse_suitable",
                    "buyer",
                ],
                name="tender_facets_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_min__lte=F("value_max")), name="tender_value_range"
            ),
        ]
        permissions = [("evaluate_tender", "Evaluate the tender's bids")]

    def __str__(self) -> str:
        return self.title


class CriterionKind(models.TextChoices):
    QUALITY = "quality", "Quality"
    PRICE = "price", "Price"
    SOCIAL_VALUE = "social_value", "Social value"


class TenderCriterion(models.Model):
    """A weighted evaluation criterion. Weights of a tender's criteria total 100."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=CriterionKind.choices)
    weight = models.DecimalField(max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "key"], name="one_criterion_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class TenderAmendment(models.Model):
    """A change to a published tender: what changed, from what, to what, and why."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveIntegerField()
    rationale = models.TextField()
    changed_fields = ArrayField(models.CharField(max_length=60))
    before = models.JSONField()
    after = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "number"], name="one_amendment_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.tender} amendment {self.number}"


class TenderQuestion(Clarification):
    """A supplier's clarification question. Published with its answer to everyone,
    without the asker: public serializers never include asked_by or supplier."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="questions")
    supplier = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

    class Meta(Clarification.Meta):
        indexes = [models.Index(fields=["tender", "published_at"])]

    def __str__(self) -> str:
        return f"Question {self.pk} on {self.tender}"


class BidStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class BidOutcome(models.TextChoices):
    PENDING = "", "Not decided"
    SUCCESSFUL = "successful", "Successful"
    UNSUCCESSFUL = "unsuccessful", "Unsuccessful"


LIVE_BID_STATUSES = [BidStatus.DRAFT, BidStatus.SUBMITTED]


class Bid(models.Model):
    """A supplier organisation's bid. `price` and `responses` are the working copy its
    members edit; what was sealed is the latest BidSubmission, which never changes."""

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="bids")
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="bids")
    status = models.CharField(max_length=10, choices=BidStatus.choices, default=BidStatus.DRAFT)
    price = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    responses = models.JSONField(default=dict, blank=True, help_text="Criterion key to response.")
    latest_submission = models.OneToOneField(
        "BidSubmission", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    needs_reconfirmation = models.BooleanField(
        default=False, help_text="The tender was amended after this bid was submitted."
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=12, choices=BidOutcome.choices, default=BidOutcome.PENDING, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "supplier"],
                condition=Q(status__in=LIVE_BID_STATUSES),
                name="one_live_bid_per_supplier",
            )
        ]

    def __str__(self) -> str:
        return f"Bid {self.pk} on tender {self.tender_id}"


class BidSubmission(models.Model):
    """One sealed submission, the supplier's receipt: the database's time and a
    SHA-256 of the canonical JSON of exactly what was submitted."""

    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="submissions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    sha256 = models.CharField(max_length=64)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["bid", "number"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "number"], name="one_submission_per_number")
        ]

    def __str__(self) -> str:
        return f"Submission {self.number} of bid {self.bid_id}"


def bid_attachment_path(instance: BidAttachment, filename: str) -> str:
    # A generated name: what the supplier called the file is kept only as data.
    return f"bids/{instance.bid_id}/{uuid.uuid4().hex}"


class BidAttachment(Attachment):
    """A document supporting a bid, sealed with it: a submission lists the attachments
    it was made with (name and SHA-256), and the receipt's hash covers that list."""

    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=bid_attachment_path, max_length=200)


class ConflictSource(models.TextChoices):
    DECLARED = "declared", "Declared by the evaluator"
    MEMBERSHIP = "membership", "Member of the bidder's organisation"
    EMAIL_DOMAIN = "email_domain", "Shares an e-mail domain with the bidder"


class EvaluatorDeclaration(models.Model):
    """An evaluator's conflict-of-interest declaration for a tender, made before they
    may see any bid's content."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="declarations")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "evaluator"], name="one_declaration_per_evaluator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} on {self.tender}"


class BidConflict(models.Model):
    """An evaluator kept off one bid: declared, or detected automatically."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="conflicts")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    source = models.CharField(max_length=15, choices=ConflictSource.choices)
    detail = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "evaluator", "source"], name="one_conflict_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} conflicted on bid {self.bid_id} ({self.source})"


class EvaluatorScore(models.Model):
    """One evaluator's independent score of one bid against one criterion."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(TenderCriterion, on_delete=models.CASCADE, related_name="+")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    score = models.DecimalField(max_digits=4, decimal_places=2)
    comment = models.TextField(blank=True)
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["criterion__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "criterion", "evaluator"], name="one_score_per_evaluator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.score} for bid {self.bid_id}"


class ModeratedScore(models.Model):
    """The score the panel agreed for one bid and criterion, with its rationale."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="moderated_scores")
    criterion = models.ForeignKey(TenderCriterion, on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(max_digits=4, decimal_places=2)
    rationale = models.TextField()
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    moderated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["criterion__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "criterion"], name="one_moderated_score")
        ]

    def __str__(self) -> str:
        return f"{self.score} agreed for bid {self.bid_id}"


class OcdsRelease(models.Model):
    """An OCDS release, written when it happens (publish, amendment, cancellation,
    award). `data` has everything but ocid and id, which are added when served so the
    OCDS_OCID_PREFIX setting applies."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="ocds_releases")
    number = models.PositiveIntegerField()
    tag = models.CharField(max_length=30)
    date = models.DateTimeField()
    data = models.JSONField()

    class Meta:
        ordering = ["tender_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "number"], name="one_release_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.tag} release {self.number} of tender {self.tender_id}"


class SavedSearch(models.Model):
    """A person's search words and filters; they are told when a newly published
    tender matches. Filters are columns, so one query finds every match."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=200)
    search = models.CharField(max_length=300, blank=True)
    division = models.CharField(max_length=2, blank=True)
    value_band = models.CharField(max_length=20, blank=True)
    buyer = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    sme_suitable = models.BooleanField(null=True, blank=True)
    vcse_suitable = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class SavedSearchAlert(models.Model):
    """That a saved search's owner was told about a tender: never twice."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="alerts")
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "tender"], name="one_alert_per_tender")
        ]

    def __str__(self) -> str:
        return f"{self.saved_search} matched {self.tender_id}"


class TenderInterest(models.Model):
    """A person following one tender: told of answers, amendments and its end."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tender_interests"
    )
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="interests")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "tender"], name="one_interest_per_tender")
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.tender_id}"


class TenderUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Tender, on_delete=models.CASCADE)


class TenderGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Tender, on_delete=models.CASCADE)


class SupplierProfile(models.Model):
    """What a supplier tells buyers about itself. Its size is the organisation's."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="supplier_profile"
    )
    capabilities = models.TextField(
        blank=True, help_text="What the company does, in plain English."
    )
    cpv_interests = models.ManyToManyField(CpvCode, blank=True, related_name="+")
    boroughs_served = models.ManyToManyField(Organisation, blank=True, related_name="+")
    certifications = ArrayField(
        models.CharField(max_length=100),
        default=list,
        blank=True,
        help_text="For example Cyber Essentials, Cyber Essentials Plus, ISO 27001.",
    )
    case_studies = models.JSONField(
        default=list, blank=True, help_text="[{title, client, summary, url}]"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Profile of {self.organisation}"


class TenderDocumentType(models.TextChoices):
    """What a buyer's document is, as a code of OCDS's documentType codelist
    (../shared/ocds-1.1.5/codelists/documentType.csv), so the open data needs no mapping."""

    SPECIFICATION = "technicalSpecifications", "Specification"
    CONTRACT_TERMS = "contractDraft", "Contract terms"
    PRICING_SCHEDULE = "billOfQuantity", "Pricing schedule"
    INSTRUCTIONS = "biddingDocuments", "Instructions to bidders"
    EVALUATION = "evaluationCriteria", "Evaluation criteria"
    ELIGIBILITY = "eligibilityCriteria", "Eligibility criteria"
    SCHEDULE = "contractSchedule", "Contract schedule or annex"


def tender_document_path(instance: TenderDocument, filename: str) -> str:
    # A generated name: what the buyer called the file is kept only as data.
    return f"tenders/{instance.tender_id}/{uuid.uuid4().hex}"


class TenderDocument(Attachment):
    """A document the buyer publishes with the tender (specification, terms, pricing
    schedule…). Public with the tender once it is published; changing the documents of
    a published tender is an amendment. Removing only marks it removed: an amendment
    and an OCDS release name it."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=tender_document_path, max_length=200)
    title = models.CharField(max_length=200)
    document_type = models.CharField(max_length=40, choices=TenderDocumentType.choices)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text="The earlier version this document replaced.",
    )

    class Meta(Attachment.Meta):
        pass

    def __str__(self) -> str:
        return self.title


# The technology contracts register ------------------------------------------------------
# Each borough's contracts for systems and services, the market pipeline built from them,
# and imports from the spreadsheets boroughs keep them in (procurement/contracts*.py).


class ContractCategory(models.TextChoices):
    """The everyday names boroughs use for what a contract buys; a CPV code may be
    given as well (procurement.contracts.CATEGORY_CPV gives each one's usual code)."""

    CASE_MANAGEMENT = "case-management", "Case management"
    CRM = "crm", "CRM"
    FINANCE_ERP = "finance-erp", "Finance and ERP"
    HR = "hr", "HR"
    HOUSING = "housing", "Housing"
    SOCIAL_CARE = "social-care", "Social care"
    REVENUES_BENEFITS = "revenues-benefits", "Revenues and benefits"
    PARKING = "parking", "Parking"
    LIBRARIES = "libraries", "Libraries"
    WEBSITE_CMS = "website-cms", "Website and CMS"
    DATA_PLATFORM = "data-platform", "Data platform"
    TELEPHONY = "telephony", "Telephony"
    OTHER = "other", "Other technology"


class RenewalPlan(models.TextChoices):
    """What the borough means to do when the contract ends."""

    REPROCURE = "re-procure", "Re-procure"
    EXTEND = "extend", "Extend"
    REPLACE = "replace", "Replace"
    UNDECIDED = "undecided", "Undecided"


class ContractQuerySet(VisibleQuerySet["Contract"]):
    owner_field = "borough"
    shared_field = "shared_with"

    def network_q(self, user: User) -> Q:
        """A network contract reaches LOTI's members and registered suppliers too: the
        market pipeline exists so that suppliers see what is coming."""
        members = Membership.objects.active().filter(
            Q(organisation__is_loti_member=True) | Q(organisation__kind=Organisation.Kind.SUPPLIER),
            user_id=user.pk,
        )
        return Q(Exists(members))


class Contract(VisibleModel):
    """One technology contract a borough holds. `natural_key` is what an import matches
    rows on, so importing the same spreadsheet again updates rather than duplicates:
    "ref:<reference>" when the borough gives its own reference, otherwise
    "auto:<system>|<supplier>|<start date>" (procurement.contracts.natural_key)."""

    borough = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="technology_contracts"
    )
    reference = models.CharField(
        max_length=100, blank=True, help_text="The borough's own reference for the contract."
    )
    natural_key = models.CharField(max_length=500, editable=False)
    system_name = models.CharField(max_length=200, help_text="The system or service bought.")
    system_key = models.CharField(
        max_length=200, editable=False, help_text="The name compared across boroughs."
    )
    supplier_name = models.CharField(max_length=200)
    supplier_key = models.CharField(max_length=200, editable=False)
    supplier = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contracts_supplied",
        help_text="The supplier's organisation here, when it has one.",
    )
    category = models.CharField(max_length=20, choices=ContractCategory.choices)
    cpv_code = models.ForeignKey(
        CpvCode, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    annual_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    total_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    extension_options = models.CharField(
        max_length=200, blank=True, help_text="For example, two further years."
    )
    renewal_plan = models.CharField(
        max_length=12, choices=RenewalPlan.choices, default=RenewalPlan.UNDECIDED
    )
    notes = models.TextField(blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.NETWORK
    )
    shared_with = models.ManyToManyField(Organisation, blank=True, related_name="+")
    plan_published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the planned re-procurement was first published."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["ends_on", "id"]
        indexes = [
            models.Index(fields=["visibility", "ends_on"], name="contract_pipeline_idx"),
            models.Index(fields=["borough", "ends_on"], name="contract_borough_idx"),
            models.Index(fields=["system_key"], name="contract_system_idx"),
            models.Index(fields=["supplier_key"], name="contract_supplier_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["borough", "natural_key"], name="one_contract_per_natural_key"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="contract_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(annual_value__isnull=True) | Q(annual_value__gte=0),
                name="contract_annual_value_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(total_value__isnull=True) | Q(total_value__gte=0),
                name="contract_total_value_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.system_name} ({self.supplier_name})"


class ContractImportStatus(models.TextChoices):
    CHECKING = "checking", "Checking the rows"
    CHECKED = "checked", "Checked"
    IMPORTING = "importing", "Importing"
    IMPORTED = "imported", "Imported"
    FAILED = "failed", "Could not be read"


class ContractImport(models.Model):
    """A spreadsheet a borough uploaded: checked row by row into ContractImportRow (the
    preview) before anything is saved, then imported all at once or not at all. Large
    files are checked and imported by a Celery task; processed_rows is its progress."""

    borough = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    original_name = models.CharField(max_length=200)
    file_format = models.CharField(max_length=4, help_text="csv or xlsx")
    # Kept in the database rather than on disk so that any worker can read it.
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    background = models.BooleanField(default=False, help_text="Checked and imported by a task.")
    status = models.CharField(
        max_length=10, choices=ContractImportStatus.choices, default=ContractImportStatus.CHECKING
    )
    problem = models.TextField(blank=True, help_text="Why the file could not be read.")
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    error_rows = models.PositiveIntegerField(default=0)
    new_count = models.PositiveIntegerField(default=0)
    update_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    ignored_columns = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    checked_at = models.DateTimeField(null=True, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "updated_at"], name="contract_import_sweep_idx")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"


class ContractImportRow(models.Model):
    """One row of an uploaded spreadsheet as checked: what it would do, the values read
    from it (as JSON: dates ISO, money as strings) and every problem with it."""

    class Action(models.TextChoices):
        CREATE = "create", "New"
        UPDATE = "update", "Update"
        UNCHANGED = "unchanged", "No change"
        ERROR = "error", "Problem"

    contract_import = models.ForeignKey(
        ContractImport, on_delete=models.CASCADE, related_name="rows"
    )
    number = models.PositiveIntegerField(help_text="The row's number in the spreadsheet.")
    action = models.CharField(max_length=10, choices=Action.choices)
    natural_key = models.CharField(max_length=500, blank=True)
    values = models.JSONField(default=dict)
    raw = models.JSONField(default=dict, help_text="The cells as they were, as text.")
    errors = models.JSONField(default=list, help_text='[{"field": ..., "message": ...}]')

    class Meta:
        ordering = ["contract_import", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract_import", "number"], name="one_row_per_number")
        ]

    def __str__(self) -> str:
        return f"Row {self.number} of import {self.contract_import_id}"


class ContractPlanningRelease(models.Model):
    """An OCDS planning release of a contract's planned re-procurement, written when the
    borough publishes the plan and never rewritten, like OcdsRelease."""

    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="planning_releases"
    )
    number = models.PositiveIntegerField()
    tag = models.CharField(max_length=30)
    date = models.DateTimeField()
    data = models.JSONField()

    class Meta:
        ordering = ["contract_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"], name="one_planning_release_per_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tag} release {self.number} of contract {self.contract_id}"


class PipelineSearch(models.Model):
    """A person's saved market-pipeline filters: they are told when a contract they
    may see comes into the pipeline window and matches."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pipeline_searches"
    )
    name = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=ContractCategory.choices, blank=True)
    division = models.CharField(max_length=2, blank=True)
    borough = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    value_band = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class PipelineSearchAlert(models.Model):
    """That a pipeline search's owner was told about a contract: never twice."""

    pipeline_search = models.ForeignKey(
        PipelineSearch, on_delete=models.CASCADE, related_name="alerts"
    )
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pipeline_search", "contract"], name="one_pipeline_alert_per_contract"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pipeline_search} matched {self.contract_id}"
