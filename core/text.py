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

    The one search of the pages and the API (core.api_filters.FoldedSearchFilter). Fields
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
    it; the API's `?search=` reads the same `search_fields`, see core.api_filters)."""

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


# --- Names in administrative documents ------------------------------------------------------------

# Abbreviations that stand at the start of body names and are written in full for the issuer.
_NAME_ABBREVIATIONS = (("UBND ", "Ủy ban nhân dân "), ("HĐND ", "Hội đồng nhân dân "))
# Local governments, longest prefix first: what follows is the place name of their seat.
_LOCAL_GOVERNMENT_PREFIXES = tuple(
    f"{body} {level} "
    for body in ("UBND", "Ủy ban nhân dân")
    for level in ("thành phố", "thị xã", "tỉnh", "huyện", "quận", "phường", "xã", "thị trấn")
)


def expand_abbreviations(name: str) -> str:
    """ "UBND huyện Lấp Vò" → "Ủy ban nhân dân huyện Lấp Vò"."""
    for short, full in _NAME_ABBREVIATIONS:
        if name.startswith(short):
            return full + name[len(short) :]
    return name


def name_abbreviation(name: str) -> str:
    """The abbreviation a body's name starts with, written or in full ("UBND"), or ""."""
    for short, full in _NAME_ABBREVIATIONS:
        if name.startswith((short, full)):
            return short.strip()
    return ""


def place_in_name(name: str) -> str:
    """The place a local government's name gives ("UBND huyện Lấp Vò" → "Lấp Vò"), or ""."""
    for prefix in _LOCAL_GOVERNMENT_PREFIXES:
        if name.lower().startswith(prefix.lower()):
            return name[len(prefix) :].strip()
    return ""


def ascii_symbol(text: str) -> str:
    """Capital ASCII letters, digits and hyphens for a document symbol ("Vụ KH-TH" → "VKH-TH")."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in plain.upper() if ch.isascii() and (ch.isalnum() or ch == "-"))
