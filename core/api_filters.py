"""Filter backends of the API (settings.REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"]).

- `FoldedSearchFilter`: `?search=` on every list whose viewset names `search_fields` (folded
  text columns, the same the pages search through `queryset.search()`): accent-insensitive,
  every word must match. Applied to the viewset's queryset, so it never widens what the user
  may see.
- `VietnameseOrderingFilter`: `?ordering=` (and each viewset's default `ordering`) sorts text
  in Vietnamese order (accounts/collation.py), as the pages do.

A query parameter that no filter of an endpoint knows is ignored (DRF and django-filter do the
same), on every endpoint: `?search=` on a list without search, `?colour=red` anywhere.
"""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter, SearchFilter

from .collation import vietnamese
from .text import matching

# As long as the search box of the pages.
SEARCH_MAX_LENGTH = 100

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


class FoldedSearchFilter(SearchFilter):
    """`?search=words`: rows where every word, folded (core.text.fold), appears in one of
    the viewset's `search_fields` (folded columns such as "search_text"): "my an hung b" finds
    "UBND xã Mỹ An Hưng B". Longer than 100 characters, or with a NUL character: 400."""

    search_description = _(
        "Words to look for, with or without Vietnamese diacritics (“my an hung b” finds "
        "“Mỹ An Hưng B”); every word must match."
    )

    def get_search_fields(self, view, request=None):
        return tuple(getattr(view, "search_fields", None) or ())

    def filter_queryset(self, request, queryset, view):
        fields = self.get_search_fields(view, request)
        raw = request.query_params.get(self.search_param, "")
        if not fields or not raw:
            return queryset
        field = forms.CharField(required=False, max_length=SEARCH_MAX_LENGTH)
        try:
            value = field.clean(raw)
        except forms.ValidationError as error:
            raise ValidationError({self.search_param: error.messages}) from None
        return matching(queryset, value, *fields)

    def get_schema_operation_parameters(self, view):
        if not self.get_search_fields(view):
            return []
        description = force_str(self.search_description)
        help_text = getattr(view, "search_help", None)
        if help_text:
            description = f"{force_str(help_text)} {description}"
        return [
            {
                "name": self.search_param,
                "required": False,
                "in": "query",
                "description": description,
                "schema": {"type": "string", "maxLength": SEARCH_MAX_LENGTH},
            }
        ]
