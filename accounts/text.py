"""Accent-insensitive text folding for Vietnamese search.

We store a folded copy of searchable names and fold the query the same way, so that search
behaves identically on SQLite (the demo) and PostgreSQL: "my an hung b" finds
"UBND xã Mỹ An Hưng B", and "d" matches "đ".
"""

import unicodedata


def fold(text: str) -> str:
    """Lower-case, strip diacritics, map đ to d and collapse white space."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def search_terms(query: str) -> list[str]:
    """The folded words of a query; every word must appear in a match."""
    return fold(query).split()[:8]


def folded(*values) -> str:
    """The folded text of several values, as stored in a `search_text` column."""
    return fold(" ".join(str(value or "") for value in values))


def matching(queryset, query: str, *fields: str):
    """The rows of `queryset` where every folded word of `query` appears in one of the folded
    text columns `fields` (e.g. "search_text", "inspected_organization__search_text").

    The one search of the pages and the API (accounts.api_filters.FoldedSearchFilter). Fields
    must lead to one row each (to-one relations): no duplicates, no DISTINCT.
    """
    from django.db.models import Q

    for term in search_terms(query):
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__contains": term})
        queryset = queryset.filter(condition)
    return queryset


class SearchableQuerySet:
    """QuerySet mixin: `search(query)` over the folded columns `search_fields` (the pages use
    it; the API's `?search=` reads the same `search_fields`, see accounts.api_filters)."""

    search_fields: tuple[str, ...] = ("search_text",)

    def search(self, query: str):
        return matching(self, query, *self.search_fields)


class FoldedSearchText:
    """Model mixin: `search_text` holds the folded `search_sources`, kept current on save
    (also when `update_fields` names one of them)."""

    search_sources: tuple[str, ...] = ()

    def fill_search_text(self):
        """Compute `search_text` (save does it; call it before a `bulk_create`)."""
        self.search_text = folded(*(getattr(self, name) for name in self.search_sources))
        return self

    def save(self, *args, **kwargs):
        self.fill_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(self.search_sources) & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
