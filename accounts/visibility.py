"""Fetch an object the user may see, or answer 404 (never 403: existence must not leak)."""

from django.db.models import Model, QuerySet
from django.http import Http404


def get_visible_or_404(source: type[Model] | QuerySet, user, **lookup) -> Model:
    """Return the one object matching `lookup` among those visible to `user`, else Http404.

    `source` is a model (its default manager's `visible_to` is used) or a queryset that already
    carries `select_related` for the page; either way `visible_to(user)` is applied here.
    """
    queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
