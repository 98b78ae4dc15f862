"""The committee's Sachstand report: the sections in order, built from one store, written as HTML or PDF.

To add a section (e.g. "changes since the last cycle"): write a builder
``def build(ctx: Context) -> Section | None`` in a module of ``graph/report/``
(blocks from :mod:`graph.report.model`, words in :mod:`graph.report.words`,
figures from the catalogue analyses or a report query), and put
``("key", build)`` into :data:`SECTIONS` where it belongs. What the builder
needs from the caller travels in ``options`` (:attr:`Context.options`).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.errors import SozialgraphError, UsageError
from graph.files import atomic_write
from graph.report import annex, land, matrix, moderation, overview, picture
from graph.report.model import Context, Section
from graph.report.words import date_text, words
from graph.store import Store

__all__ = ["LAND_SECTIONS", "SECTIONS", "Report", "ReportNotPrinted", "build_report", "write_report"]

#: The sections in the order of the document: (key, builder). Sections from the
#: first with ``annex=True`` on start on a new page.
SECTIONS: tuple[tuple[str, Callable[[Context], Section | None]], ...] = (
    ("summary", overview.summary),
    ("coverage", overview.coverage),
    ("land", land.land),
    ("overlaps", overview.overlaps),
    ("gaps", overview.gaps),
    ("matrix", matrix.matrix),
    ("network", picture.network),
    ("sdg", overview.sdg),
    ("teams", moderation.teams),
    ("annex", annex.annex),
    ("sources", annex.sources),
)

#: The sections of a report on several municipalities (a county, a Land): the overview. What each
#: municipality holds in detail (its events, gap lists, actors, network, teams and the annex of
#: plans — hundreds of thousands of rows at a Land's size) is in its own report (``--dataset``).
LAND_SECTIONS = ("summary", "land", "overlaps", "sdg", "sources")

_GENERATOR = b'<meta name="generator" content="sozialgraph report">'


@dataclass
class Report:
    """A built report: its title, the lines under the title, and the sections."""

    title: str
    lines: list[str]
    sections: list[Section]
    lang: str
    #: the running header of the printed pages
    running: str = ""

    def html(self) -> str:
        """The report as one self-contained HTML document."""
        from graph.report.render import render_html

        w = words(self.lang)
        return render_html(
            self.sections,
            title=self.title,
            lines=self.lines,
            lang=self.lang,
            running=self.running or self.title,
            page_words=(w["page"], w["of"]),
            contents=w["contents"],
        )


class ReportNotPrinted(SozialgraphError):
    """The PDF could not be printed; the report was written as HTML (``html_path``) instead."""

    def __init__(self, message: str, html_path: Path):
        super().__init__(message)
        self.html_path = html_path


def build_report(
    store: Store,
    *,
    lang: str = "de",
    statuses: Iterable[str] | None = None,
    as_of: dt.date | None = None,
    title: str | None = None,
    datasets: Iterable[str] = (),
    options: Mapping[str, Any] | None = None,
    sections: Iterable[tuple[str, Callable[[Context], Section | None]]] = SECTIONS,
) -> Report:
    """Build every section of the report on ``store`` (a view with its scope, see :mod:`graph.session`).

    Parameters
    ----------
    store
        The graph with its derived relations, scoped to the statuses and day asked.
    lang
        ``de`` (default) or ``en``: headings and the ontology's names.
    statuses, as_of
        What the scope counts (for the title page; the store's scope answers).
    title
        The document's title [default: "Sachstand Sozialplanung"].
    datasets
        The names of the datasets, for the title page.
    options
        For single sections: ``events`` (event ids for the moderation teams),
        ``max_per_actor`` (default 2).
    sections
        The sections to build, in order [default: :data:`SECTIONS`; where the data holds
        several municipalities, those of them in :data:`LAND_SECTIONS`].
    """
    from graph import __version__
    from graph.analysis.rules import DEFAULT_STATUSES, STATUSES, status_label

    w = words(lang)
    counted = frozenset(statuses) if statuses is not None else DEFAULT_STATUSES
    day = as_of or dt.date.today()
    ctx = Context(store, lang=lang, statuses=counted, as_of=day, options=dict(options or {}))
    if sections is SECTIONS and ctx.several():
        sections = tuple((key, make) for key, make in SECTIONS if key in LAND_SECTIONS)
    built = []
    for key, make in sections:
        section = make(ctx)
        if section is not None:
            if section.key != key:
                raise SozialgraphError(f"the section builder for {key!r} made a section {section.key!r}")
            built.append(section)
    names = ", ".join(status_label(s, lang) for s in STATUSES if s in counted)
    datasets = list(datasets)
    stand = f"{w['as_of']}: {date_text(day.isoformat(), lang)}"
    lines = [
        *([f"{w['dataset']}: {', '.join(datasets)}"] if datasets else []),
        stand,
        w["counting"].format(statuses=names),
        w["made_by"].format(version=__version__),
    ]
    title = title or w["title"]
    return Report(title, lines, built, lang, running=f"{title} · {stand}")


def write_report(report: Report, path: str | os.PathLike, *, chromium: str | None = None) -> Path:
    """Write ``report`` as ``.html`` or ``.pdf`` (by the suffix); returns the file written.

    A PDF is printed by headless Chromium (:mod:`graph.report.pdf`) from the
    HTML in a temporary folder. When that fails (no Chromium, or it wrote no
    PDF), the HTML is written beside the PDF's place (``sachstand.html`` for
    ``sachstand.pdf``; a file of that name sozialgraph did not write is kept
    and another name taken) and :class:`ReportNotPrinted` says where.
    """
    from graph.report.pdf import RendererMissing, RenderFailed, html_to_pdf

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise UsageError(f"{target}: the report is written as .html or .pdf")
    page = report.html()
    if suffix != ".pdf":
        return atomic_write(target, page)
    with tempfile.TemporaryDirectory(prefix="sozialgraph-report-") as tmp:
        source = Path(tmp) / "sachstand.html"
        source.write_text(page, encoding="utf-8")
        try:
            return html_to_pdf(source, target, chromium=chromium)
        except (RendererMissing, RenderFailed) as exc:
            beside = _beside(target)
            atomic_write(beside, page)
            raise ReportNotPrinted(
                f"{target} not written: {exc}. The report is written as HTML to {beside}; "
                "open it in a browser and print it to PDF",
                beside,
            ) from None


def _beside(pdf: Path) -> Path:
    """Where the HTML goes when the PDF cannot be printed: next to it, never over a file of the user's."""
    for n in range(1, 100):
        candidate = pdf.with_suffix(".html") if n == 1 else pdf.with_name(f"{pdf.stem}-{n}.html")
        try:
            with open(candidate, "rb") as fh:
                if _GENERATOR in fh.read(4096):
                    return candidate
        except FileNotFoundError:
            return candidate
        except OSError:
            continue
    raise SozialgraphError(f"no free name for the HTML beside {pdf}")
