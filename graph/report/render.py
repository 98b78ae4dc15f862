"""Sections to one self-contained, printable HTML file: every text escaped, styles embedded, nothing loaded.

The page has no script at all; its Content-Security-Policy allows only its own
style sheet (by hash) and forbids every load, as the network page does. The
print style (``templates/report.css``) sets A4 pages with a running header and
page numbers, a new page before the annex, and table rows that never split.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path
from typing import Any

from graph.report.model import Figure, Heading, Heat, Items, Mark, Para, Section, Table

__all__ = ["css_string", "render_html"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def css_string(value: str) -> str:
    """``value`` as a CSS string literal: every character but letters, digits and spaces escaped.

    Examples
    --------
    >>> css_string('Sachstand "A" </style>')
    '"Sachstand \\\\000022A\\\\000022 \\\\00003c\\\\00002fstyle\\\\00003e"'
    """
    return (
        '"'
        + "".join(c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):06x}" for c in value)
        + '"'
    )


def _cell(value: Any, numeric: bool, tag: str = "td") -> str:
    if isinstance(value, Mark):
        return f'<{tag} class="mark {value.tag}">{_e(value.text)}</{tag}>'
    if isinstance(value, Heat):
        return f'<{tag} class="heat h{value.level}">{_e(value.text)}</{tag}>'
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    css = ' class="num"' if numeric else ""
    return f"<{tag}{css}>{_e(value)}</{tag}>"


def _table(block: Table, lang: str) -> str:
    from graph.views.wording import number

    if not block.rows and block.empty:
        return f'<p class="empty">{_e(block.empty)}</p>'
    classes = "data heatmap" if block.heat else "data"
    out = [f'<table class="{classes}">']
    if block.caption:
        out.append(f"<caption>{_e(block.caption)}</caption>")
    if any(block.columns):
        heads = []
        for i, col in enumerate(block.columns):
            upright = block.heat and i > 0
            inner = f"<span>{_e(col)}</span>" if upright else _e(col)
            css = ' class="up"' if upright else ' class="num"' if i in block.numeric else ""
            heads.append(f'<th scope="col"{css}>{inner}</th>')
        out.append("<thead><tr>" + "".join(heads) + "</tr></thead>")
    out.append("<tbody>")
    for row in block.rows:
        cells = []
        for i, value in enumerate(row):
            if isinstance(value, int) and not isinstance(value, bool):
                value = number(value, lang)
            if i == 0 and block.heat:
                cells.append(f'<th scope="row">{_e(value)}</th>')
            else:
                cells.append(_cell(value, i in block.numeric))
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _block(block: Any, lang: str) -> str:
    if isinstance(block, Para):
        return f'<p class="note">{_e(block.text)}</p>' if block.note else f"<p>{_e(block.text)}</p>"
    if isinstance(block, Heading):
        return f"<h3>{_e(block.text)}</h3>"
    if isinstance(block, Items):
        return "<ul>" + "".join(f"<li>{_e(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Table):
        return _table(block, lang)
    if isinstance(block, Figure):
        # the SVG is made by graph.report.picture, which escapes every text in it
        return f"<figure>{block.svg}<figcaption>{_e(block.caption)}</figcaption></figure>"
    raise TypeError(f"not a report block: {block!r}")


def _section(section: Section, lang: str, first_annex: bool) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9-]*", section.key):
        raise ValueError(f"a section key is a plain name, not {section.key!r}")
    css = ' class="annex"' if first_annex else ""
    body = "".join(_block(b, lang) for b in section.blocks)
    return f'<section id="{section.key}"{css}><h2>{_e(section.title)}</h2>{body}</section>'


def render_html(
    sections: list[Section],
    *,
    title: str,
    lines: list[str],
    lang: str,
    running: str,
    page_words: tuple[str, str],
    contents: str,
) -> str:
    """The whole document: title page lines, contents, the sections; one HTML string.

    ``running`` is the running header, ``page_words`` the words around the page
    numbers ("Seite", "von"); all of them are escaped for CSS here.
    """
    template = (_TEMPLATES / "report.html").read_text(encoding="utf-8")
    css = (_TEMPLATES / "report.css").read_text(encoding="utf-8")
    page, of = page_words
    box = "font-size: 8pt; color: #444;"
    css += (
        f"\n@page {{ @top-left {{ content: {css_string(running)}; {box} }} "
        f"@bottom-right {{ content: {css_string(page + ' ')} counter(page) {css_string(' ' + of + ' ')} "
        f"counter(pages); {box} }} }}\n@page :first {{ @top-left {{ content: none; }} }}\n"
    )
    if "</style" in css.lower():
        raise ValueError("the report's style sheet cannot be embedded: it contains '</style'")
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    csp = (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; font-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    annex_seen = False
    parts = []
    for section in sections:
        first = section.annex and not annex_seen
        annex_seen = annex_seen or section.annex
        parts.append(_section(section, lang, first))
    toc = "".join(f'<li><a href="#{s.key}">{_e(s.title)}</a></li>' for s in sections)
    values = {
        "LANG": _e(lang),
        "CSP": _e(csp),
        "TITLE": _e(title),
        "CSS": css,
        "LINES": "".join(f"<p>{_e(line)}</p>" for line in lines),
        "CONTENTS": _e(contents),
        "TOC": toc,
        "SECTIONS": "".join(parts),
    }
    return re.sub(r"@@([A-Z]+)@@", lambda mo: values[mo.group(1)], template)
