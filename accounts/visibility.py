"""Fetch an object the user may see, or answer 404 (never 403: existence must not leak); count
what a user may see per listed row."""

from django.db.models import Count, IntegerField, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
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


def count_subquery(related, outer_field: str = "pk", *, to: str) -> Coalesce:
    """How many rows of `related` (a queryset, already filtered by visibility) point at each
    row of the outer query: `to` is the field of `related` holding the outer row's key.

    A correlated COUNT per listed row: a page of 20 plans costs 20 index lookups, where
    `Count()` over joins would first join every plan with all its visits and targets.
    """
    counted = (
        related.filter(**{to: OuterRef(outer_field)})
        .order_by()
        .values(to)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
