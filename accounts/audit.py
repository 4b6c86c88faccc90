"""Saving with an audit record: who did it and why, kept by django-simple-history."""

from django.db.models import Model


def save_audited(instance: Model, user, reason: str, update_fields: list[str] | None = None):
    """Save `instance`, recording `user` and `reason` on its history row.

    Services call this instead of `save()` so that a change made from a Celery task or a
    management command names its author just like one made from a page.
    """
    instance._history_user = user
    instance._change_reason = reason
    instance.save(update_fields=update_fields)
