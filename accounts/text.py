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
