"""Realistic data for the benchmark, generated quickly.

Tenders and projects read like the real thing (a London borough buying a chatbot for
housing repairs, piloting assistive technology in adult social care), with CPV codes
from the real CPV table, visibility mixes like the network's and dates spread over two
years. Everything is written with COPY (see bench.copy); 100,000 tenders take well
under a minute. The numbers are drawn from a seeded generator, so two runs at the same
sizes build the same data.

Each `*_ensure` function tops the data up to a total, so the harness can measure at
1k tenders, add 9k more, measure at 10k, and so on.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from bench.copy import analyze, copy_objects, copy_pairs, reserve_ids, vacuum
from loti.accounts.models import Membership, Organisation, User
from loti.visibility import Visibility
from procurement.models import CpvCode, SavedSearch, Tender, TenderStatus
from procurement.selectors import VALUE_BANDS
from projects.models import (
    Phase,
    Project,
    ProjectGroupObjectPermission,
    ProjectUserObjectPermission,
    Theme,
)

# The naive peer's permission: one row per (project, organisation group) that may see it.
NAIVE_CODENAME = "bench_view_project"
NAIVE_PERMISSION = f"projects.{NAIVE_CODENAME}"
OFFICER_DOMAIN = "officers.bench.example"
SUPPLIER_DOMAIN = "suppliers.bench.example"
TWO_YEARS = timedelta(days=730)

# What boroughs buy, by CPV division, with how often (weight) each division is bought.
SERVICES: dict[str, tuple[int, list[str]]] = {
    "72": (
        25,
        [
            "digital case management system",
            "chatbot for resident enquiries",
            "data platform and analytics",
            "cyber security assessment",
            "website redesign and hosting",
            "cloud hosting migration",
            "assistive technology pilot",
            "GIS mapping service",
            "open data portal",
            "robotic process automation",
            "damp and mould sensor network",
            "identity and access management",
        ],
    ),
    "48": (
        8,
        [
            "housing management software",
            "library management system",
            "customer relationship management licences",
            "parking permit software",
        ],
    ),
    "79": (
        10,
        [
            "user research",
            "translation and interpreting",
            "consultation and engagement",
            "recruitment services",
            "business analysis support",
        ],
    ),
    "45": (
        12,
        [
            "school roof repairs",
            "highways resurfacing",
            "estate refurbishment",
            "retrofit insulation works",
        ],
    ),
    "90": (
        10,
        ["street cleansing", "waste collection", "graffiti removal", "grounds maintenance"],
    ),
    "85": (
        12,
        ["home care services", "supported living", "mental health support", "youth services"],
    ),
    "80": (5, ["digital skills training", "adult learning courses"]),
    "71": (6, ["structural surveys", "energy assessments", "drainage design"]),
    "50": (5, ["lift maintenance", "fleet maintenance", "CCTV maintenance"]),
    "34": (4, ["electric vehicle charging points", "electric refuse vehicles"]),
    "09": (3, ["renewable energy supply", "heat network supply"]),
}
DEPARTMENTS = [
    "libraries",
    "housing",
    "adult social care",
    "children's services",
    "highways",
    "schools",
    "parks",
    "customer services",
    "public health",
    "council tax",
    "planning",
    "waste services",
]
SENTENCES = [
    "The council wants a supplier to deliver {service} for its {department} team.",
    "Residents have told us the current arrangements are slow and hard to use.",
    "We expect the supplier to work openly, share code and publish what they learn.",
    "The service must meet the Web Content Accessibility Guidelines 2.2 at level AA.",
    "Bidders should show experience of working with local government in London.",
    "Social value counts for ten per cent of the evaluation.",
    "The contract starts with a twelve week discovery, then an alpha.",
    "Data will be hosted in the United Kingdom and protected under UK GDPR.",
    "We welcome bids from small businesses and voluntary sector organisations.",
    "The work covers {department} sites across the borough.",
    "A data protection impact assessment has been completed for {service}.",
    "Suppliers may form consortia; one organisation must lead the bid.",
]
PROJECT_IDEAS: list[tuple[str, str]] = [
    ("Assistive technology pilot", Theme.ADULT_SOCIAL_CARE),
    ("Damp and mould sensor trial", Theme.HOUSING),
    ("Digital inclusion hub", Theme.DIGITAL_INCLUSION),
    ("Electric vehicle charging data model", Theme.NET_ZERO),
    ("Chatbot for council tax enquiries", Theme.DATA),
    ("School travel planning tool", Theme.TRANSPORT),
    ("Care leavers support app", Theme.CHILDRENS_SERVICES),
    ("Cyber resilience exercise", Theme.CYBER_SECURITY),
    ("Shared procurement pipeline", Theme.PROCUREMENT),
    ("Retrofit planning dashboard", Theme.NET_ZERO),
    ("Temporary accommodation tracker", Theme.HOUSING),
    ("Predictive analytics for early help", Theme.CHILDRENS_SERVICES),
    ("Kerbside data standard", Theme.TRANSPORT),
    ("Open data catalogue", Theme.DATA),
    ("Reablement scheduling", Theme.ADULT_SOCIAL_CARE),
]
SAVED_SEARCH_WORDS = [
    "chatbot",
    "data",
    "housing",
    "cyber",
    "assistive technology",
    "accessibility",
    "cleansing",
    "retrofit",
    "research",
    "care",
    "software",
    "electric vehicle",
]


def _weighted_divisions(rng: random.Random) -> str:
    divisions = list(SERVICES)
    return rng.choices(divisions, weights=[SERVICES[d][0] for d in divisions])[0]


@dataclass
class World:
    """What the seeder reuses between steps: the boroughs and the CPV codes."""

    boroughs: list[Organisation]
    network: list[Organisation]
    cpv_by_division: dict[str, list[str]]
    cpv_words: dict[str, str]

    @classmethod
    def load(cls) -> World:
        boroughs = list(Organisation.objects.filter(kind=Organisation.Kind.BOROUGH).order_by("pk"))
        network = list(Organisation.objects.filter(is_loti_member=True).order_by("pk"))
        cpv_by_division: dict[str, list[str]] = {}
        cpv_words: dict[str, str] = {}
        for code, description, division in CpvCode.objects.filter(
            division__in=list(SERVICES)
        ).values_list("code", "description", "division"):
            cpv_by_division.setdefault(division, []).append(code)
            cpv_words[code] = description
        for division, codes in cpv_by_division.items():
            # The twenty broadest codes of the division: what buyers actually pick.
            cpv_by_division[division] = sorted(codes, key=lambda c: (c.rstrip("0"), c))[:20]
        if not boroughs or not cpv_by_division:
            raise RuntimeError("Migrate first: the boroughs and CPV codes come from migrations.")
        return cls(boroughs, network, cpv_by_division, cpv_words)


# People -----------------------------------------------------------------------------------


def _people(emails: Sequence[str], names: Sequence[str], organisations: Sequence[int]) -> list[int]:
    """Users with one active membership each; returns their ids."""
    password = make_password(None)
    ids = reserve_ids(User, len(emails))
    now = timezone.now()
    copy_objects(
        User,
        (
            User(pk=pk, email=email, full_name=name, password=password, date_joined=now)
            for pk, email, name in zip(ids, emails, names, strict=True)
        ),
    )
    membership_ids = reserve_ids(Membership, len(ids))
    copy_objects(
        Membership,
        (
            Membership(
                pk=pk,
                user_id=user,
                organisation_id=org,
                role=Membership.Role.ADMIN,
                created_at=now,
            )
            for pk, user, org in zip(membership_ids, ids, organisations, strict=True)
        ),
    )
    groups = dict(Organisation.objects.filter(pk__in=set(organisations)).values_list("pk", "group"))
    copy_pairs(
        User.groups.through,
        "user",
        "group",
        ((user, groups[org]) for user, org in zip(ids, organisations, strict=True)),
    )
    return ids


@transaction.atomic
def officers_ensure(world: World) -> dict[str, int]:
    """One officer per borough, officer@<slug>.officers.bench.example; {slug: user id}."""
    existing = dict(
        User.objects.filter(email__endswith=f".{OFFICER_DOMAIN}").values_list("email", "pk")
    )
    missing = [b for b in world.boroughs if _officer_email(b) not in existing]
    if missing:
        ids = _people(
            [_officer_email(b) for b in missing],
            [f"Bench officer of {b.name}" for b in missing],
            [b.pk for b in missing],
        )
        existing.update(zip([_officer_email(b) for b in missing], ids, strict=True))
    return {b.slug: existing[_officer_email(b)] for b in world.boroughs}


def _officer_email(borough: Organisation) -> str:
    return f"officer@{borough.slug}.{OFFICER_DOMAIN}"


@transaction.atomic
def suppliers_ensure(total: int) -> list[int]:
    """`total` supplier organisations, each with one person; returns the people's ids."""
    have = Organisation.objects.filter(slug__startswith="bench-supplier-").count()
    if have < total:
        numbers = range(have, total)
        groups = Group.objects.bulk_create(
            [Group(name=f"organisation:bench-supplier-{n}") for n in numbers], batch_size=5000
        )
        org_ids = reserve_ids(Organisation, len(numbers))
        rng = random.Random(have)  # nosec B311  # seeded, reproducible data
        copy_objects(
            Organisation,
            (
                Organisation(
                    pk=pk,
                    slug=f"bench-supplier-{n}",
                    name=f"Bench Supplier {n} Ltd",
                    kind=Organisation.Kind.SUPPLIER,
                    email_domains=[f"supplier-{n}.{SUPPLIER_DOMAIN}"],
                    size=rng.choice(list(Organisation.Size.values)),
                    group_id=group.pk,
                )
                for pk, n, group in zip(org_ids, numbers, groups, strict=True)
            ),
        )
        _people(
            [f"bids@supplier-{n}.{SUPPLIER_DOMAIN}" for n in numbers],
            [f"Bids team of supplier {n}" for n in numbers],
            org_ids,
        )
        analyze(Organisation, User, Membership)
    return list(
        User.objects.filter(email__endswith=f".{SUPPLIER_DOMAIN}")
        .order_by("pk")
        .values_list("pk", flat=True)[:total]
    )


def tokens_for(user_ids: Sequence[int]) -> dict[int, str]:
    """An API token for each person (made if missing)."""
    have = dict(Token.objects.filter(user_id__in=user_ids).values_list("user_id", "key"))
    new = [Token(key=secrets.token_hex(20), user_id=u) for u in user_ids if u not in have]
    Token.objects.bulk_create(new, batch_size=5000)
    have.update({t.user_id: t.key for t in new})
    return have


# Tenders ----------------------------------------------------------------------------------


def tenders_ensure(world: World, total: int, *, today: int = 0) -> int:
    """Top the bench tenders up to `total`, spread over the last two years, `today` of
    them published in the last 24 hours. Returns how many were added."""
    have = Tender.objects.count()
    if have >= total:
        return 0
    rng = random.Random(have + 7)  # nosec B311  # seeded, reproducible data
    now = timezone.now()
    count = total - have
    with transaction.atomic():
        ids = reserve_ids(Tender, count)
        rows = [_tender(world, rng, pk, now, recent=n < today) for n, pk in enumerate(ids)]
        copy_objects(Tender, (tender for tender, _, _ in rows))
        copy_pairs(
            Tender.cpv_codes.through,
            "tender",
            "cpvcode",
            ((tender.pk, code) for tender, codes, _ in rows for code in codes),
        )
        copy_pairs(
            Tender.participating_boroughs.through,
            "tender",
            "organisation",
            ((tender.pk, org) for tender, _, joint in rows for org in joint),
        )
        _tender_search_vectors(first=ids[0], last=ids[-1])
    tables = (Tender, Tender.cpv_codes.through, Tender.participating_boroughs.through)
    if connection.in_atomic_block:  # the tests': VACUUM cannot run in a transaction
        analyze(*tables)
    else:
        # As autovacuum would, soon after: statistics, and the visibility map that lets
        # the facet counts read their index alone (an index-only scan).
        vacuum(*tables)
    return count


def _tender(
    world: World, rng: random.Random, pk: int, now: datetime, *, recent: bool
) -> tuple[Tender, list[str], list[int]]:
    division = _weighted_divisions(rng)
    service = rng.choice(SERVICES[division][1])
    department = rng.choice(DEPARTMENTS)
    buyer = rng.choice(world.boroughs)
    # Unique to the microsecond (the id is folded in), so the "newest" order is total.
    age = timedelta(hours=rng.random() * 24) if recent else TWO_YEARS * rng.random()
    listed_at = now - age - timedelta(microseconds=pk % 1_000_000)
    closes_at = listed_at + timedelta(days=rng.randint(14, 60), hours=12)
    roll = rng.random()
    if roll < 0.04 and not recent:
        status, visibility, published_at = TenderStatus.DRAFT, Visibility.PRIVATE, None
    else:
        published_at = listed_at
        status, visibility = TenderStatus.PUBLISHED, Visibility.PUBLIC
        if closes_at < now and roll > 0.55:
            status = rng.choice(
                [TenderStatus.AWARDED, TenderStatus.EVALUATION, TenderStatus.NO_AWARD]
            )
        elif roll > 0.985:
            status = TenderStatus.CANCELLED
    value_max = Decimal(int(10 ** rng.uniform(3.7, 6.5)) // 1000 * 1000 + 1000)
    value_min = (value_max * Decimal(rng.choice(["0.5", "0.7", "0.8", "1"]))).quantize(Decimal("1"))
    codes = rng.sample(world.cpv_by_division[division], k=min(rng.randint(1, 3), 20))
    if rng.random() < 0.15:
        other = rng.choice([d for d in world.cpv_by_division if d != division])
        codes.append(rng.choice(world.cpv_by_division[other]))
    joint = (
        [b.pk for b in rng.sample(world.boroughs, k=rng.randint(1, 2)) if b.pk != buyer.pk]
        if rng.random() < 0.1
        else []
    )
    words = {"service": service, "department": department}
    description = " ".join(s.format(**words) for s in rng.sample(SENTENCES, k=5))
    tender = Tender(
        pk=pk,
        title=f"{service[0].upper()}{service[1:]} for {buyer.name} {department}",
        description=description,
        status=status,
        visibility=visibility,
        buyer_id=buyer.pk,
        value_min=value_min,
        value_max=value_max,
        contract_months=rng.choice([6, 12, 24, 36, 48]),
        location_remote=rng.random() < 0.3,
        sme_suitable=rng.random() < 0.6,
        vcse_suitable=rng.random() < 0.25,
        charter_technology=f"{service} to support {department}.",
        published_at=published_at,
        closes_at=closes_at,
        listed_at=listed_at,
        created_at=listed_at,
        updated_at=listed_at,
    )
    return tender, codes, joint


def _tender_search_vectors(*, first: int, last: int) -> None:
    """The stored search vector, built as procurement.services does: title (A),
    description (B) and the CPV descriptions (C)."""
    through = Tender.cpv_codes.through._meta.db_table
    tender_column = Tender.cpv_codes.field.m2m_column_name()
    code_column = Tender.cpv_codes.field.m2m_reverse_name()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {Tender._meta.db_table} AS t
            SET search_vector =
                setweight(to_tsvector('english'::regconfig, t.title), 'A')
                || setweight(to_tsvector('english'::regconfig, t.description), 'B')
                || setweight(to_tsvector('english'::regconfig, coalesce(w.words, '')), 'C')
            FROM (
                SELECT x.{tender_column} AS tender_id, string_agg(c.description, ' ') AS words
                FROM {through} AS x JOIN {CpvCode._meta.db_table} AS c
                  ON c.code = x.{code_column}
                WHERE x.{tender_column} BETWEEN %s AND %s
                GROUP BY x.{tender_column}
            ) AS w
            WHERE w.tender_id = t.id
            """,  # noqa: S608 - names from model metadata; values are parameters  # nosec B608
            [first, last],
        )


@transaction.atomic
def saved_searches_ensure(world: World, total: int, supplier_user_ids: Sequence[int]) -> int:
    have = SavedSearch.objects.count()
    if have >= total or not supplier_user_ids:
        return 0
    rng = random.Random(have + 11)  # nosec B311  # seeded, reproducible data
    ids = reserve_ids(SavedSearch, total - have)
    now = timezone.now()
    bands = [band.key for band in VALUE_BANDS]

    def make(pk: int) -> SavedSearch:
        # Words, a CPV division or both: a search with neither would match everything.
        roll = rng.random()
        words = rng.choice(SAVED_SEARCH_WORDS) if roll < 0.6 else ""
        division = _weighted_divisions(rng) if roll > 0.35 else ""
        return SavedSearch(
            pk=pk,
            user_id=rng.choice(supplier_user_ids),
            name=f"Saved search {pk}",
            search=words,
            division=division,
            value_band=rng.choice(bands) if rng.random() < 0.3 else "",
            buyer_id=rng.choice(world.boroughs).pk if rng.random() < 0.15 else None,
            sme_suitable=True if rng.random() < 0.4 else None,
            vcse_suitable=True if rng.random() < 0.1 else None,
            created_at=now,
        )

    copy_objects(SavedSearch, (make(pk) for pk in ids))
    analyze(SavedSearch)
    return len(ids)


# Projects ---------------------------------------------------------------------------------


def projects_ensure(world: World, total: int) -> int:
    """Top the projects up to `total`: 40% private, 15% shared with 1 to 4 boroughs,
    25% network, 20% public; a fifth with partner boroughs; a few guardian grants to
    named officers (the exceptions guardian is for)."""
    have = Project.objects.count()
    if have >= total:
        return 0
    rng = random.Random(have + 13)  # nosec B311  # seeded, reproducible data
    now = timezone.now()
    count = total - have
    with transaction.atomic():
        ids = reserve_ids(Project, count)
        rows = [_project(world, rng, pk, now) for pk in ids]
        copy_objects(Project, (project for project, _, _ in rows))
        copy_pairs(
            Project.partners.through,
            "project",
            "organisation",
            ((project.pk, org) for project, partners, _ in rows for org in partners),
        )
        copy_pairs(
            Project.shared_with.through,
            "project",
            "organisation",
            ((project.pk, org) for project, _, shared in rows for org in shared),
        )
        _project_grants(rng, ids)
        _project_search_vectors(first=ids[0], last=ids[-1])
    analyze(
        Project,
        Project.partners.through,
        Project.shared_with.through,
        ProjectUserObjectPermission,
        ProjectGroupObjectPermission,
    )
    return count


def _project(
    world: World, rng: random.Random, pk: int, now: datetime
) -> tuple[Project, list[int], list[int]]:
    idea, theme = rng.choice(PROJECT_IDEAS)
    lead = rng.choice(world.boroughs)
    roll = rng.random()
    visibility = (
        Visibility.PRIVATE
        if roll < 0.40
        else Visibility.SHARED
        if roll < 0.55
        else Visibility.NETWORK
        if roll < 0.80
        else Visibility.PUBLIC
    )
    others = [b.pk for b in world.boroughs if b.pk != lead.pk]
    shared = rng.sample(others, k=rng.randint(1, 4)) if visibility == Visibility.SHARED else []
    partners = rng.sample(others, k=rng.randint(1, 2)) if rng.random() < 0.2 else []
    department = rng.choice(DEPARTMENTS)
    updated_at = now - TWO_YEARS * rng.random() - timedelta(microseconds=pk % 1_000_000)
    themes = [theme] + ([rng.choice(list(Theme.values))] if rng.random() < 0.3 else [])
    project = Project(
        pk=pk,
        title=f"{idea} in {lead.name} {department}",
        summary=(
            f"{lead.name} is running a {idea.lower()} with its {department} team. "
            "We want to learn what works for residents and share it with other boroughs."
        ),
        problem=f"Residents and staff in {department} find the current process slow.",
        approach="Discovery with residents, then a time-boxed alpha with open code.",
        phase=rng.choice(list(Phase.values)),
        themes=sorted(set(themes)),
        tags=[department.replace(" ", "-"), "bench"],
        visibility=visibility,
        lead_organisation_id=lead.pk,
        created_at=updated_at,
        updated_at=updated_at,
    )
    return project, partners, shared


def _project_grants(rng: random.Random, project_ids: Sequence[int]) -> None:
    """Guardian's exceptional grants: a named co-author from another borough on about
    one project in a hundred."""
    officers = list(
        User.objects.filter(email__endswith=f".{OFFICER_DOMAIN}").values_list("pk", flat=True)
    )
    if not officers:
        return
    view = Permission.objects.get(content_type__app_label="projects", codename="view_project")
    chosen = rng.sample(list(project_ids), k=max(len(project_ids) // 100, 1))
    ids = reserve_ids(ProjectUserObjectPermission, len(chosen))
    copy_objects(
        ProjectUserObjectPermission,
        (
            ProjectUserObjectPermission(
                pk=pk, content_object_id=project, user_id=rng.choice(officers), permission=view
            )
            for pk, project in zip(ids, chosen, strict=True)
        ),
    )


def _project_search_vectors(*, first: int, last: int) -> None:
    """As projects.services builds it: title (A), summary (B), the rest (C)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {Project._meta.db_table}
            SET search_vector =
                setweight(to_tsvector('english'::regconfig, title), 'A')
                || setweight(to_tsvector('english'::regconfig, summary), 'B')
                || setweight(to_tsvector('english'::regconfig,
                     problem || ' ' || approach || ' ' || array_to_string(tags, ' ')), 'C')
            WHERE id BETWEEN %s AND %s
            """,  # noqa: S608 - names from model metadata; values are parameters  # nosec B608
            [first, last],
        )


def _naive_permission() -> Permission:
    permission, _ = Permission.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(Project),
        codename=NAIVE_CODENAME,
        defaults={"name": "Benchmark: view project (naive peer)"},
    )
    return permission


@transaction.atomic
def naive_permissions_add() -> int:
    """The naive peer's data: a guardian group permission row for every public body
    that may see each project (owners, partners, the named organisations, every network
    member for a network project, every public body for a public one), plus the user
    grants; returns the rows written.

    They live in the same table as the app's exceptional grants, where they would slow
    the app's visibility query (it reads the officer's grant rows), so the harness adds
    them only while it times the naive peer and takes them out again after
    (naive_permissions_remove): each design is timed on the data it would have."""
    permission = _naive_permission()
    partners = Project.partners.through._meta.db_table
    shared = Project.shared_with.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {ProjectGroupObjectPermission._meta.db_table}
                (group_id, permission_id, content_object_id)
            SELECT o.group_id, %s, p.id
            FROM {Project._meta.db_table} p
            JOIN {Organisation._meta.db_table} o ON o.kind <> 'supplier' AND (
                o.id = p.lead_organisation_id
                OR p.visibility = 'public'
                OR (p.visibility = 'network' AND o.is_loti_member)
                OR (p.visibility = 'shared' AND EXISTS (
                    SELECT 1 FROM {shared} s
                    WHERE s.project_id = p.id AND s.organisation_id = o.id))
                OR EXISTS (
                    SELECT 1 FROM {partners} x
                    WHERE x.project_id = p.id AND x.organisation_id = o.id))
            ON CONFLICT DO NOTHING
            """,  # noqa: S608 - names from model metadata; values are parameters  # nosec B608
            [permission.pk],
        )
        written = cursor.rowcount
    grants = ProjectUserObjectPermission.objects.filter(permission__codename="view_project")
    ProjectUserObjectPermission.objects.bulk_create(
        [
            ProjectUserObjectPermission(
                user_id=row.user_id, permission=permission, content_object_id=row.content_object_id
            )
            for row in grants
        ],
        ignore_conflicts=True,
    )
    analyze(ProjectGroupObjectPermission, ProjectUserObjectPermission)
    return written


def naive_permissions_remove() -> int:
    """Takes the naive peer's rows out, and vacuums their tables: the dead rows left
    behind (a million at 50,000 projects) slowed the app's grant lookups, timed just
    after, until autovacuum came round. Inside a transaction (the tests') VACUUM cannot
    run; there the statistics are refreshed alone."""
    permission = _naive_permission()
    with transaction.atomic():
        removed, _ = ProjectGroupObjectPermission.objects.filter(permission=permission).delete()
        ProjectUserObjectPermission.objects.filter(permission=permission).delete()
    if connection.in_atomic_block:
        analyze(ProjectGroupObjectPermission, ProjectUserObjectPermission)
    else:
        vacuum(ProjectGroupObjectPermission, ProjectUserObjectPermission)
    return removed
