"""Conflicts of interest found from data: a judge or evaluator who belongs (or
belonged) to an entrant's organisation, or shares an e-mail domain with it."""

from __future__ import annotations

from collections.abc import Iterable

from loti.accounts.models import Membership, Organisation, User

# Addresses at these domains say nothing about an employer.
WEBMAIL_DOMAINS = frozenset(
    {
        "aol.com",
        "btinternet.com",
        "gmail.com",
        "googlemail.com",
        "hotmail.co.uk",
        "hotmail.com",
        "icloud.com",
        "live.co.uk",
        "live.com",
        "me.com",
        "outlook.com",
        "proton.me",
        "protonmail.com",
        "sky.com",
        "talktalk.net",
        "virginmedia.com",
        "yahoo.co.uk",
        "yahoo.com",
    }
)


def organisation_conflicts(
    *, person: User, organisation_ids: Iterable[int]
) -> dict[int, list[tuple[str, str]]]:
    """For each organisation the person is conflicted with: (source, detail) pairs,
    source "membership" or "email_domain". Two queries, whatever the number of
    organisations."""
    ids = list(dict.fromkeys(organisation_ids))
    found: dict[int, list[tuple[str, str]]] = {}
    memberships = Membership.objects.filter(user=person, organisation_id__in=ids).select_related(
        "organisation"
    )
    for membership in memberships:
        when = "was" if membership.ended_at else "is"
        found.setdefault(membership.organisation_id, []).append(
            ("membership", f"{person.email} {when} a member of {membership.organisation.name}.")
        )
    domain = person.email_domain.lower()
    if domain in WEBMAIL_DOMAINS:
        return found
    member_domains: dict[int, set[str]] = {}
    organisations = Organisation.objects.filter(pk__in=ids).only("id", "email_domains")
    for organisation in organisations:
        member_domains[organisation.pk] = {d.lower() for d in organisation.email_domains}
    member_emails = Membership.objects.filter(organisation_id__in=ids).values_list(
        "organisation_id", "user__email"
    )
    for organisation_id, email in member_emails:
        member_domains.setdefault(organisation_id, set()).add(email.rsplit("@", 1)[-1].lower())
    for organisation_id, domains in member_domains.items():
        if domain in domains - WEBMAIL_DOMAINS:
            found.setdefault(organisation_id, []).append(
                ("email_domain", f"{person.email} shares the e-mail domain {domain}.")
            )
    return found


def people_conflicts(
    *, people: Iterable[User], organisation_ids: Iterable[int]
) -> dict[tuple[int, int], list[tuple[str, str]]]:
    """For each (person id, organisation id) in conflict: (source, detail) pairs, source
    "membership" (a member now), "past_membership" (Membership.ended_at is set) or
    "email_domain" (the person's domain is the organisation's, or one of its members',
    webmail domains aside). Three queries, whatever the number of people."""
    persons = {person.pk: person for person in people}
    ids = list(dict.fromkeys(organisation_ids))
    found: dict[tuple[int, int], list[tuple[str, str]]] = {}
    memberships = Membership.objects.filter(
        user_id__in=list(persons), organisation_id__in=ids
    ).values_list("user_id", "organisation_id", "organisation__name", "ended_at")
    for user_id, organisation_id, name, ended_at in memberships:
        email = persons[user_id].email
        source, verb = ("past_membership", "was") if ended_at else ("membership", "is")
        found.setdefault((user_id, organisation_id), []).append(
            (source, f"{email} {verb} a member of {name}.")
        )
    domains: dict[str, set[int]] = {}
    for organisation_id, listed in Organisation.objects.filter(pk__in=ids).values_list(
        "id", "email_domains"
    ):
        for domain in listed:
            domains.setdefault(domain.lower(), set()).add(organisation_id)
    member_emails = Membership.objects.filter(organisation_id__in=ids).values_list(
        "organisation_id", "user__email"
    )
    for organisation_id, email in member_emails:
        domains.setdefault(email.rsplit("@", 1)[-1].lower(), set()).add(organisation_id)
    for person in persons.values():
        domain = person.email_domain.lower()
        if domain in WEBMAIL_DOMAINS:
            continue
        for organisation_id in sorted(domains.get(domain, ())):
            found.setdefault((person.pk, organisation_id), []).append(
                ("email_domain", f"{person.email} shares the e-mail domain {domain}.")
            )
    return found
