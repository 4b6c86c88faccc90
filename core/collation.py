"""Vietnamese alphabetical order, the same on PostgreSQL (tests, production) and SQLite (demo).

Code points put "Đ" after "Z" and "Thủ" before "Tạp"; Vietnamese dictionaries say
a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, then tones (none, grave, hook,
tilde, acute, dot below), then case: Anh < Ánh < Ân < Bình < Dũng < Đức < Zung.

- PostgreSQL: the ICU collation of the "vi" locale (the one PostgreSQL ships as `vi-x-icu`),
  created under the name `vietnamese` by `accounts/migrations/0005_vietnamese_collation.py`.
- SQLite: a collation of the same name, registered on every new connection
  (`register_on_connection`, connected in `AccountsConfig.ready`), that compares `sort_key`.

`vietnamese("name")` is the expression to order by; `sort_key` sorts Python lists the same way.
"""

import unicodedata
from functools import lru_cache

from django.db.models import F
from django.db.models.functions import Collate

# One name on both databases: created by the migration on PostgreSQL, registered here on SQLite.
COLLATION = "vietnamese"

# Letters in Vietnamese dictionary order; f, j, w, z (loan words, names) where Latin puts them.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
# Marks that make a letter of their own (primary difference): ă â ê ô ơ ư.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_LETTER_MARKS = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}
# The five tones, in dictionary order after the level tone (secondary difference).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Letters that are a base letter with a mark of their own (secondary difference), as in ICU.
_STROKE = 10 + 0x0338
_VARIANTS = {"ð": ("d", _STROKE), "ø": ("o", _STROKE)}
# White space: control characters first, then the space and the others.
_SPACES = "\t\n\x0b\x0c\r\x85\u2028\u2029 "
# Punctuation and symbols in the order of the Unicode collation (CLDR root); others after them.
_PUNCTUATION = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"
_PUNCTUATION_RANK = {mark: rank for rank, mark in enumerate(_PUNCTUATION)}

# Primary groups: white space < punctuation and symbols < digits < Latin letters < other scripts.
_SPACE, _SYMBOL, _DIGIT, _LATIN, _OTHER = range(5)


def vietnamese(expression):
    """`expression` (a field name or an expression) under the Vietnamese collation: use it in
    `order_by(vietnamese("name"))`, or `.desc()` for the reverse."""
    if isinstance(expression, str):
        expression = F(expression)
    return Collate(expression, COLLATION)


def _primary(base: str) -> tuple[int, int] | None:
    """The primary weight of a base character (None: ignored, like control characters)."""
    if base in _LETTER_RANK:
        return (_LATIN, _LETTER_RANK[base])
    category = unicodedata.category(base)
    if base.isspace() or category.startswith("Z"):
        rank = _SPACES.find(base)
        return (_SPACE, rank if rank >= 0 else len(_SPACES) + ord(base))
    if category == "Nd":
        return (_DIGIT, unicodedata.digit(base))
    if category[0] in "PS":
        return (_SYMBOL, _PUNCTUATION_RANK.get(base, len(_PUNCTUATION) + ord(base)))
    if category[0] == "C":
        return None
    return (_OTHER, ord(base))


@lru_cache(maxsize=8192)
def sort_key(text: str) -> tuple:
    """The key that orders strings as the `vietnamese` collation does: base letters first
    (whole string), then tones and other marks, then case, then the text itself (a
    deterministic tie-break, as PostgreSQL's deterministic collations do)."""
    primary: list[tuple[int, int]] = []
    # Per character: its marks, tones weighing 1 to 5 and any other mark more (sorted).
    secondary: list[tuple[int, ...]] = []
    tertiary: list[int] = []
    for char in unicodedata.normalize("NFD", text or ""):
        if unicodedata.combining(char) and primary:
            base = primary[-1]
            letter = ALPHABET[base[1]] if base[0] == _LATIN else ""
            made = _LETTER_MARKS.get((letter, char))
            if made is not None:
                primary[-1] = (_LATIN, _LETTER_RANK[made])
            else:
                mark = _TONES.get(char, 10 + ord(char))
                secondary[-1] = tuple(sorted((*secondary[-1], mark)))
            continue
        lower = char.lower()
        base, marks = _VARIANTS.get(lower, (lower, None))
        weight = _primary(base if len(base) == 1 else char)
        if weight is None:
            continue
        primary.append(weight)
        secondary.append((marks,) if marks else ())
        tertiary.append(0 if char == lower else 1)
    return (tuple(primary), tuple(secondary), tuple(tertiary), text or "")


def compare(left: str, right: str) -> int:
    """-1, 0 or 1: the comparison function of the SQLite collation."""
    left_key, right_key = sort_key(left), sort_key(right)
    return (left_key > right_key) - (left_key < right_key)


def register(sqlite_connection) -> None:
    """Register the collation on a `sqlite3.Connection`."""
    sqlite_connection.create_collation(COLLATION, compare)


def register_on_connection(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: SQLite connections learn the collation; PostgreSQL has
    it from the migration."""
    if connection.vendor == "sqlite":
        register(connection.connection)
