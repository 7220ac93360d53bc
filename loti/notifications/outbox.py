"""Delivering outbox e-mails: hand ids to Celery, claim, send, mark, sweep.

States: pending -> sending -> sent, or back to pending (a transient failure, retried
with backoff), or failed (a permanent failure, or the last attempt failed).

A row is sent only after its task has moved it from pending to sending with a
conditional UPDATE (``_email_claim``, for one e-mail or for each summary of a digest
batch), so however many tasks name the same row (the on-commit task, a Celery retry,
the sweep, a redelivery after a worker was lost) one of them sends it.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from rest_framework import status

from loti.accounts.models import User
from loti.api.errors import ApplicationError
from loti.audit.services import audit_record
from loti.notifications.models import DigestItem, OutboundEmail
from loti.notifications.senders import (
    EmailSender,
    OutgoingEmail,
    PermanentDeliveryError,
    email_sender,
)
from loti.permissions import is_network_admin

logger = logging.getLogger(__name__)

# One quick reconnect, then give up: a web request must not wait for a broker that is
# down. The row stays pending and the sweep hands it over later.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
MAX_BACKOFF_SECONDS = 60 * 60
SWEEP_BATCH_SIZE = 500
INTERRUPTED_IMMEDIATE = (
    "The worker stopped while sending. Sent again, so it may have arrived twice."
)
INTERRUPTED_GIVE_UP = "The worker stopped while sending, on the last attempt."
INTERRUPTED_DIGEST = (
    "The worker stopped while sending this summary. It is not sent again, so it cannot "
    "arrive twice; its items go into the person's next summary."
)

State = OutboundEmail.State
Kind = OutboundEmail.Kind


class Outcome(enum.StrEnum):
    SENT = "sent"
    SKIPPED = "skipped"
    RETRY = "retry"
    FAILED = "failed"


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    retry_in: float | None = None


def outbox_publish(email_ids: Sequence[int]) -> int:
    """Queue a delivery task per id. Never raises: when the broker is unreachable the
    rows simply stay pending for the sweep. Returns how many were queued."""
    from loti.notifications.tasks import email_deliver

    queued = 0
    for email_id in email_ids:
        try:
            email_deliver.apply_async((email_id,), retry=True, retry_policy=PUBLISH_RETRY_POLICY)
        except Exception:
            logger.warning(
                "Broker unavailable; %d e-mail(s) wait in the outbox for the sweep.",
                len(email_ids) - queued,
                exc_info=True,
            )
            break
        queued += 1
    return queued


def outbox_publish_on_commit(email_ids: Sequence[int]) -> None:
    if email_ids:
        transaction.on_commit(partial(outbox_publish, list(email_ids)))


def outgoing_email(email: OutboundEmail) -> OutgoingEmail:
    return OutgoingEmail(
        reference=f"loti-email-{email.pk}",
        to=email.to_address,
        subject=email.subject,
        body_text=email.body_text,
        body_html=email.body_html,
        category=email.category,
        event=email.event,
        unsubscribe_url=email.unsubscribe_url,
    )


def email_send(*, email_id: int) -> SendResult:
    """Claim one pending e-mail, send it and record the result.

    Deliberately not atomic: the claim must be committed before the message leaves, so
    that no other worker can claim it while it is being sent, and the result is written
    after. A missing row, or one another worker has claimed or finished, is skipped."""
    if not _email_claim(email_id):
        return SendResult(Outcome.SKIPPED)
    email = OutboundEmail.objects.get(pk=email_id)
    return _email_deliver(email, email_sender())


def _email_claim(email_id: int) -> bool:
    """pending -> sending, counting the attempt; False if someone else has it."""
    claimed = OutboundEmail.objects.filter(pk=email_id, state=State.PENDING).update(
        state=State.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    return bool(claimed)


def _email_deliver(
    email: OutboundEmail, sender: EmailSender, *, mark_sent: bool = True
) -> SendResult:
    """Send an e-mail this worker has claimed (``email.attempts`` counts this attempt)
    and record what happened: sent, back to pending with backoff, or failed. With
    ``mark_sent=False`` a success is left for the caller to record (a digest batch
    records it in the statement that claims the next summary)."""
    try:
        sender.send(outgoing_email(email))
    except PermanentDeliveryError as error:
        _email_fail(email, str(error))
        return SendResult(Outcome.FAILED)
    except Exception as error:
        message = f"{type(error).__name__}: {error}"
        if email.attempts >= settings.NOTIFICATIONS_EMAIL_MAX_ATTEMPTS:
            _email_fail(email, f"Gave up after {email.attempts} attempts. {message}")
            return SendResult(Outcome.FAILED)
        delay = email_backoff(email.attempts)
        OutboundEmail.objects.filter(pk=email.pk, state=State.SENDING).update(
            state=State.PENDING,
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
            last_error=message,
        )
        logger.info("E-mail %s failed (%s); retrying in %ss.", email.pk, message, delay)
        return SendResult(Outcome.RETRY, retry_in=delay)
    if mark_sent:
        _email_mark_sent(email.pk)
    return SendResult(Outcome.SENT)


def _email_mark_sent(email_id: int) -> None:
    OutboundEmail.objects.filter(pk=email_id).update(
        state=State.SENT, sent_at=timezone.now(), last_error=""
    )


@dataclass(frozen=True)
class BatchResult:
    sent: int
    failed: int
    retry: dict[int, float]  # e-mail id -> seconds until its next attempt


def email_batch_send(*, email_ids: Sequence[int]) -> BatchResult:
    """Send a batch (a digest task's summaries) in this process.

    The batch is leased first, in one statement: its rows stay pending, but their
    next_attempt_at moves a lease ahead, so the sweep leaves them to this task. Then
    each summary is claimed (pending -> sending, committed) just before it leaves, in
    the same statement that marks the one before it sent: one statement a summary, and
    one more at the end for the last. The claim is what makes a crash safe, so it is
    never put off: if this worker dies, only the summary in its hand is in doubt (sent,
    perhaps, but not recorded): the sweep marks that one failed, not sent again (a
    summary never arrives twice), and gives its items to the person's next summary.
    The rest of the batch is still pending, and the sweep sends it once the lease is
    over. Claiming the whole batch (or a chunk of it) up front would put every unsent
    summary of the batch (or chunk) in doubt, and their people would get no summary
    for the period; the e-mail providers we send through (SMTP, GOV.UK Notify) take no
    idempotency key, so a summary in doubt cannot safely be sent again."""
    mine = _batch_lease(email_ids)
    sender = email_sender()
    outcomes: list[SendResult] = []
    retry: dict[int, float] = {}
    unrecorded: int | None = None  # sent, and not yet marked sent
    for email in mine:
        claimed = _email_claim_marking_sent(claim=email.pk, sent=unrecorded)
        unrecorded = None
        if not claimed:
            continue  # handed to another task after all (the sweep, a retry)
        email.attempts += 1
        result = _email_deliver(email, sender, mark_sent=False)
        outcomes.append(result)
        if result.outcome == Outcome.SENT:
            unrecorded = email.pk
        if result.retry_in is not None:
            retry[email.pk] = result.retry_in
    if unrecorded is not None:
        _email_mark_sent(unrecorded)
    return BatchResult(
        sent=sum(result.outcome == Outcome.SENT for result in outcomes),
        failed=sum(result.outcome == Outcome.FAILED for result in outcomes),
        retry=retry,
    )


def _batch_lease(email_ids: Sequence[int]) -> list[OutboundEmail]:
    """The due pending rows among ``email_ids`` that no other transaction holds, their
    next_attempt_at moved a lease ahead, in id order. One statement: SKIP LOCKED in the
    subquery, so two tasks naming the same rows never both lease one."""
    now = timezone.now()
    table = OutboundEmail._meta.db_table
    sql = f"""
        UPDATE {table} SET next_attempt_at = %s
        WHERE id IN (
            SELECT id FROM {table}
            WHERE id = ANY(%s) AND state = %s AND next_attempt_at <= %s
            FOR UPDATE SKIP LOCKED
        )
        RETURNING *
    """  # noqa: S608 - the table name comes from model metadata, values are parameters  # nosec B608
    lease = timedelta(seconds=settings.NOTIFICATIONS_SENDING_LEASE_SECONDS)
    leased = OutboundEmail.objects.raw(sql, [now + lease, list(email_ids), State.PENDING, now])
    return sorted(leased, key=lambda email: email.pk)


def _email_claim_marking_sent(*, claim: int, sent: int | None) -> bool:
    """Claim ``claim`` (pending -> sending, counting the attempt) and, in the same
    statement, mark ``sent`` sent. The claim commits before the message leaves, as
    ``_email_claim``'s does; False if someone else has it. The WHERE clause names both
    ids up front so the primary key finds them: written as "(claim and pending) or
    sent", PostgreSQL reads every pending row through the partial index on them."""
    if sent is None:
        return _email_claim(claim)
    table = OutboundEmail._meta.db_table
    sql = f"""
        UPDATE {table} SET
            state = CASE WHEN id = %(claim)s THEN %(sending)s ELSE %(sent_state)s END,
            claimed_at = CASE WHEN id = %(claim)s THEN %(now)s ELSE claimed_at END,
            attempts = CASE WHEN id = %(claim)s THEN attempts + 1 ELSE attempts END,
            sent_at = CASE WHEN id = %(claim)s THEN sent_at ELSE %(now)s END,
            last_error = CASE WHEN id = %(claim)s THEN last_error ELSE '' END
        WHERE id IN (%(claim)s, %(sent)s) AND (id = %(sent)s OR state = %(pending)s)
        RETURNING id
    """  # noqa: S608 - the table name comes from model metadata, values are parameters  # nosec B608
    params: dict[str, int | str | datetime] = {
        "claim": claim,
        "sent": sent,
        "now": timezone.now(),
        "pending": State.PENDING,
        "sending": State.SENDING,
        "sent_state": State.SENT,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return any(row[0] == claim for row in cursor.fetchall())


def email_backoff(attempts: int) -> float:
    """Seconds before attempt attempts + 1: base, 2 x base, 4 x base ... up to an hour."""
    base = settings.NOTIFICATIONS_EMAIL_RETRY_BACKOFF_SECONDS
    return float(min(base * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS))


@transaction.atomic
def _email_fail(email: OutboundEmail, error: str) -> None:
    OutboundEmail.objects.filter(pk=email.pk).update(state=State.FAILED, last_error=error)
    if email.digest_run_id is not None:
        _digest_items_release(digest_run_ids=[email.digest_run_id])
    logger.error("E-mail %s to %s failed: %s", email.pk, email.to_address, error)


def _digest_items_release(*, digest_run_ids: Sequence[int]) -> None:
    """A summary that was not (or may not have been) delivered gives its items back, so
    the person's next summary carries them: the event is not lost."""
    DigestItem.objects.filter(digest_run_id__in=digest_run_ids).update(digest_run=None)


@dataclass(frozen=True)
class SweepResult:
    republished: int
    recovered: int
    abandoned: int


def outbox_sweep(*, now: datetime | None = None) -> SweepResult:
    """Hand over what the broker never got, and recover claims of dead workers.

    Pending rows that fell due more than NOTIFICATIONS_SWEEP_GRACE_SECONDS ago were not
    delivered by their own task (the broker was down at commit, or lost the message).
    Each is taken with SELECT ... FOR UPDATE SKIP LOCKED and its next_attempt_at pushed
    forward, so two sweeps never queue the same row and the next sweep does not queue it
    again while the workers are still busy with the queue.

    A row left in "sending" for longer than NOTIFICATIONS_SENDING_LEASE_SECONDS was
    claimed by a worker that died mid-send: we cannot know whether it went out. An
    immediate e-mail is sent again (at least once: an event is not lost). A summary is
    marked failed and not sent again (a summary never arrives twice), and its items go
    back into the person's next summary.
    """
    now = now or timezone.now()
    recovered, abandoned = _claims_recover(now)
    handed_over = [*recovered, *_due_claim(now)]
    republished = outbox_publish(handed_over)
    if republished < len(handed_over):
        # The broker failed part-way: due again at the next sweep, not after the pause.
        OutboundEmail.objects.filter(pk__in=handed_over[republished:], state=State.PENDING).update(
            next_attempt_at=now
        )
    return SweepResult(republished=republished, recovered=len(recovered), abandoned=abandoned)


@transaction.atomic
def _claims_recover(now: datetime) -> tuple[list[int], int]:
    cutoff = now - timedelta(seconds=settings.NOTIFICATIONS_SENDING_LEASE_SECONDS)
    stale = list(
        OutboundEmail.objects.select_for_update(skip_locked=True)
        .filter(state=State.SENDING, claimed_at__lt=cutoff)
        .values_list("pk", "kind", "attempts", "digest_run_id")[:SWEEP_BATCH_SIZE]
    )
    max_attempts = settings.NOTIFICATIONS_EMAIL_MAX_ATTEMPTS
    immediate = [(pk, attempts) for pk, kind, attempts, _ in stale if kind == Kind.IMMEDIATE]
    retry = [pk for pk, attempts in immediate if attempts < max_attempts]
    give_up = [pk for pk, attempts in immediate if attempts >= max_attempts]
    digests = {pk: run for pk, kind, _, run in stale if kind == Kind.DIGEST}
    if retry:
        OutboundEmail.objects.filter(pk__in=retry).update(
            state=State.PENDING, next_attempt_at=now, last_error=INTERRUPTED_IMMEDIATE
        )
    if give_up:
        OutboundEmail.objects.filter(pk__in=give_up).update(
            state=State.FAILED, last_error=INTERRUPTED_GIVE_UP
        )
    if digests:
        OutboundEmail.objects.filter(pk__in=digests).update(
            state=State.FAILED, last_error=INTERRUPTED_DIGEST
        )
        _digest_items_release(digest_run_ids=[run for run in digests.values() if run])
    if stale:
        logger.warning("Recovered %d e-mail(s) claimed by a worker that stopped.", len(stale))
    return retry, len(give_up) + len(digests)


@transaction.atomic
def _due_claim(now: datetime) -> list[int]:
    grace = timedelta(seconds=settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS)
    due = list(
        OutboundEmail.objects.select_for_update(skip_locked=True)
        .filter(state=State.PENDING, next_attempt_at__lte=now - grace)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH_SIZE]
    )
    if due:
        # Not due again for a while: the queued task, or the next sweep after this
        # pause if the broker loses it.
        OutboundEmail.objects.filter(pk__in=due).update(
            next_attempt_at=now + timedelta(seconds=settings.NOTIFICATIONS_SENDING_LEASE_SECONDS)
        )
    return due


def outbox_send_pending(*, limit: int = 1000) -> int:
    """Send due pending e-mails in this process, without Celery. For operators when no
    worker can run, and for tests. Returns how many were sent."""
    due = OutboundEmail.objects.filter(
        state=State.PENDING, next_attempt_at__lte=timezone.now()
    ).values_list("pk", flat=True)[:limit]
    return sum(email_send(email_id=pk).outcome == Outcome.SENT for pk in list(due))


@transaction.atomic
def emails_requeue(*, acting_user: User, email_ids: Sequence[int]) -> int:
    """A network administrator sends failed e-mails again, with fresh attempts.

    Summaries are left alone: a failed summary already gave its items to the person's
    next one, so sending it again would repeat them."""
    if not is_network_admin(acting_user):
        raise ApplicationError(
            "Only network administrators can send e-mails again.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    ids = list(
        OutboundEmail.objects.select_for_update()
        .filter(pk__in=email_ids, state=State.FAILED, kind=Kind.IMMEDIATE)
        .values_list("pk", flat=True)
    )
    OutboundEmail.objects.filter(pk__in=ids).update(
        state=State.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_at=None
    )
    for email_id in ids:
        audit_record(
            actor=acting_user, verb="notification_email.requeued", detail={"email": email_id}
        )
    outbox_publish_on_commit(ids)
    return len(ids)
