"""Plain structured text for conclusions: paragraphs separated by blank lines, and lists whose
lines start with "- ". No HTML from users ever reaches a page or the PDF: we escape, then add
our own tags."""

import difflib

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """Split text into ("p", [line]) and ("ul", [items]) blocks."""
    result: list[tuple[str, list[str]]] = []
    for chunk in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.rstrip() for line in chunk.split("\n") if line.strip()]
        paragraph: list[str] = []
        for line in lines:
            stripped = line.lstrip()
            if stripped.startswith(("- ", "+ ", "• ")):
                if paragraph:
                    result.append(("p", [" ".join(paragraph)]))
                    paragraph = []
                if result and result[-1][0] == "ul" and not paragraph:
                    result[-1][1].append(stripped[2:].strip())
                else:
                    result.append(("ul", [stripped[2:].strip()]))
            else:
                paragraph.append(stripped)
        if paragraph:
            result.append(("p", [" ".join(paragraph)]))
    return result


END_MARK = "./."


def with_end_mark(text: str) -> str:
    """A document's text ends with "./." (Nghị định 30/2020/NĐ-CP): "… quy định./."."""
    text = text.rstrip()
    if not text or text.endswith(END_MARK):
        return text
    return text.rstrip(".;:,") + END_MARK


def to_html(text: str, *, end: bool = False) -> SafeString:
    """Escaped paragraphs and lists; with `end`, the last line carries the end mark "./."."""
    parts = []
    found = blocks(text)
    if end and found:
        kind, items = found[-1]
        found[-1] = (kind, [*items[:-1], with_end_mark(items[-1])])
    for kind, items in found:
        if kind == "p":
            parts.append(f"<p>{escape(items[0])}</p>")
        else:
            parts.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>")
    return mark_safe("".join(parts))


def diff_html(before: str, after: str) -> SafeString:
    """Word-level changes between two versions, as escaped text with <del>/<ins> marks."""
    old_words, new_words = (before or "").split(" "), (after or "").split(" ")
    out = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            out.append(escape(" ".join(old_words[a0:a1])))
            continue
        if tag in ("delete", "replace"):
            out.append(f"<del>{escape(' '.join(old_words[a0:a1]))}</del>")
        if tag in ("insert", "replace"):
            out.append(f"<ins>{escape(' '.join(new_words[b0:b1]))}</ins>")
    return mark_safe(" ".join(out).replace("\n", "<br>"))
