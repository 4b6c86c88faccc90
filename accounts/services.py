"""Writes of the accounts app: notifications."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .models import Notification, User


def notify(
    users: Iterable[User], *, title: str, body: str = "", url: str = ""
) -> list[Notification]:
    """Create in-app notifications and queue their e-mails once the transaction commits."""
    from .tasks import send_notification_email

    notifications = Notification.objects.bulk_create(
        Notification(recipient=user, title=title[:300], body=body, url=url).fill_search_text()
        for user in users
    )
    from .tasks import enqueue

    for notification in notifications:
        if notification.recipient.email:
            transaction.on_commit(
                lambda pk=notification.pk: enqueue(send_notification_email, notification_id=pk)
            )
    return notifications


def requeue_unsent_emails(
    older_than: datetime.timedelta = datetime.timedelta(minutes=5),
    within: datetime.timedelta = datetime.timedelta(days=1),
) -> int:
    """Queue again the e-mails of notifications still unsent after `older_than` (the broker
    was down at commit, or lost the message). Sending locks the row and checks `emailed_at`,
    so a duplicate message sends nothing; notifications older than `within` are left alone
    (their news is stale, and the in-app notification is there)."""
    from .tasks import enqueue, send_notification_email

    now = timezone.now()
    unsent = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            created_at__lt=now - older_than,
            created_at__gte=now - within,
        )
        .exclude(recipient__email="")
        .values_list("pk", flat=True)
    )
    return sum(enqueue(send_notification_email, notification_id=pk) for pk in unsent)


@transaction.atomic
def mark_read(user: User, notification: Notification) -> Notification:
    if notification.recipient_id != user.pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def send_once(
    *, subject: str, kind: str, day, users, title: str, body: str = "", url: str = ""
) -> bool:
    """Notify `users` unless this (subject, kind, day) reminder was already sent.

    The reminder log row and the notifications are written in one transaction, and the log's
    unique constraint decides: a second job run, a second beat or a retry inserts nothing.
    """
    from django.db import IntegrityError

    from .models import ReminderLog

    users = list(users)
    try:
        with transaction.atomic():
            ReminderLog.objects.create(subject=subject, kind=kind, day=day, recipients=len(users))
            notify(users, title=title, body=body, url=url)
    except IntegrityError:
        return False
    return True
