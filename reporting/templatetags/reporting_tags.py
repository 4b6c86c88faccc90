from django import template

from reporting.text import to_html

register = template.Library()


@register.filter
def structured(text: str, end: bool = False):
    """Render plain structured text (paragraphs, "- " lists) as escaped HTML; `|structured:True`
    ends the text with "./." as the last part of a document."""
    return to_html(text, end=bool(end))


@register.filter
def vi_date_phrase(value) -> str:
    """ "ngày 18 tháng 10 năm 2019", as administrative documents write dates."""
    if not value:
        return ""
    # Nghị định 30/2020/NĐ-CP: a leading zero for days below 10 and for months 1 and 2.
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


@register.filter
def roman(number: int) -> str:
    """Section numbers of an administrative document: I, II, III…"""
    result, number = "", int(number)
    for value, letters in _ROMAN:
        while number >= value:
            result, number = result + letters, number - value
    return result
