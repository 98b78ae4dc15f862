"""Reading a report's HTML back for tests: its sections, their headings, paragraphs and tables, and every tag."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["Doc", "SectionText", "read_report"]

_TEXT_TAGS = {"h1", "h2", "h3", "p", "li", "td", "th", "caption", "figcaption", "title"}


@dataclass
class SectionText:
    """A section as text: its title and its parts in order, ``("h3" | "p" | "li", text)`` or ``("table", rows)``."""

    key: str
    title: str = ""
    parts: list = field(default_factory=list)
    classes: str = ""

    def tables(self) -> list[list[list[str]]]:
        return [p[1] for p in self.parts if p[0] == "table"]

    def table_after(self, heading: str) -> list[list[str]]:
        """The first table after the sub-heading ``heading``."""
        seen = False
        for kind, value in self.parts:
            seen = seen or (kind == "h3" and value == heading)
            if seen and kind == "table":
                return value
        raise KeyError(heading)

    def texts(self, kind: str) -> list[str]:
        return [p[1] for p in self.parts if p[0] == kind]


class Doc(HTMLParser):
    """The parsed report: ``sections`` by key, ``tags`` (name, attributes) in order, ``style`` text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: dict[str, SectionText] = {}
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.style = ""
        self.title = ""
        self._section: SectionText | None = None
        self._buffer: list[str] | None = None
        self._rows: list[list[str]] | None = None
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "section":
            attrs = dict(attrs)
            self._section = SectionText(str(attrs.get("id")), classes=str(attrs.get("class") or ""))
            self.sections[self._section.key] = self._section
        elif tag == "table":
            self._rows = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag == "style":
            self._in_style = True
        if tag in _TEXT_TAGS:
            self._buffer = []

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False
        if tag in _TEXT_TAGS and self._buffer is not None:
            text = " ".join("".join(self._buffer).split())
            self._buffer = None
            if tag in ("td", "th") and self._rows is not None and self._rows:
                self._rows[-1].append(text)
            elif tag == "title" and not self.title:
                self.title = text
            elif self._section is not None:
                if tag == "h2":
                    self._section.title = text
                elif tag in ("h3", "p", "li"):
                    self._section.parts.append((tag, text))
        if tag == "table" and self._rows is not None:
            if self._section is not None:
                self._section.parts.append(("table", self._rows))
            self._rows = None
        if tag == "section":
            self._section = None

    def handle_data(self, data):
        if self._in_style:
            self.style += data
        if self._buffer is not None:
            self._buffer.append(data)


def read_report(html: str) -> Doc:
    doc = Doc()
    doc.feed(html)
    doc.close()
    return doc
