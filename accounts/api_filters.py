"""Filter backends of the API (settings.REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"]).

- `VietnameseOrderingFilter`: `?ordering=` (and each viewset's default `ordering`) sorts text
  in Vietnamese order (accounts/collation.py), as the pages do.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from rest_framework.filters import OrderingFilter

from .collation import vietnamese

# Text columns that hold codes rather than words: their byte order is their meaning
# (treebeard's `path` is the tree order).
CODE_COLUMNS = frozenset({"path"})


def _field(model, lookup: str):
    """The model field a `__`-separated lookup ends on, or None."""
    field = None
    for part in lookup.split("__"):
        if model is None:
            return None
        try:
            field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = field.related_model
    return field


def is_words(model, lookup: str) -> bool:
    """True when a lookup ends on a text column of words (not choices, not a code)."""
    field = _field(model, lookup)
    return (
        isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.name not in CODE_COLUMNS
    )


def collated(model, term):
    """An ordering term with its text under the Vietnamese collation; others unchanged."""
    if not isinstance(term, str):
        return term
    name = term.removeprefix("-")
    if not is_words(model, name):
        return term
    expression = vietnamese(name)
    return expression.desc() if term.startswith("-") else expression.asc()


class VietnameseOrderingFilter(OrderingFilter):
    """DRF's ordering filter (same parameter, same allowed fields), with text sorted in
    Vietnamese order: Anh < Ánh < Ân < Bình < Dũng < Đức < Zung."""

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        return queryset.order_by(*(collated(queryset.model, term) for term in ordering))
