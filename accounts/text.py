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
