"""Commands for the committee and the conference: report (the Sachstand), teams (moderation teams)."""

from __future__ import annotations

from pathlib import Path

import click

from commands.options import Output, check_target, data_options, info, output_options
from commands.types import TEXT
from graph.files import format_for
from graph.session import Session

__all__ = ["report", "teams"]

_CAP = click.option(
    "--max-per-actor",
    type=click.IntRange(1),
    default=2,
    show_default=True,
    help="The most moderation teams one actor may sit on.",
)


@click.command()
@click.option(
    "--event", required=True, type=TEXT, metavar="ID", help="The event whose agenda themes get a team."
)
@_CAP
@data_options
@output_options
def teams(session: Session, out: Output, event: str, max_per_actor: int) -> None:
    """Propose a moderation team for every theme on an event's agenda.

    A team is one administration actor (Fachbereich, Eigenbetrieb) and one
    external partner (externer Partner) who WORK ON the theme or a narrower one
    (the derived relation, as 'theme-actors' reads it; actors who only met on
    it at events are not candidates). Rank within a side: more goals on the
    theme first, then more routes of working on it, then the id. Scarce themes
    choose first: while themes are open, the one whose team can still be
    completed and has the fewest free candidates on its scarcer side (then
    fewest in all, then theme id) takes the best-ranked free candidate of each
    side; nobody sits on more than --max-per-actor teams. A side without
    candidates lists the nearest actors: those who work on a broader theme,
    on a goal linked to the theme's goals (Teilziel von), or who met on it at
    events, with the reason.

    \b
    Examples:
      sozialgraph teams --event E2018-01
      sozialgraph teams --event E2018-02 --max-per-actor 1 --format md -o teams.md
    """
    from graph.analysis.teams import moderation_teams

    result = moderation_teams(session.store, event, max_per_actor=max_per_actor)
    when = f", {result.date}" if result.date else ""
    n = len(result.themes)
    info(f"{result.event} ({result.event_id}{when}): {n} theme{'s' if n != 1 else ''} on the agenda")
    out.frame(result.frame(), empty_message=f"{event}: no themes on the agenda.", name="teams")


@click.command()
@data_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("sachstand.html"),
    show_default=True,
    help="The report: .html, or .pdf (printed by headless Chromium).",
)
@click.option(
    "--lang", type=click.Choice(["de", "en"]), default="de", show_default=True, help="Language of the report."
)
@click.option("--title", type=TEXT, help="The report's title [default: Sachstand Sozialplanung].")
@click.option(
    "--event",
    "events",
    type=TEXT,
    metavar="ID",
    multiple=True,
    help="Events for the moderation teams (repeat) [default: those to come or undated, else the latest].",
)
@_CAP
def report(
    session: Session,
    output: Path,
    lang: str,
    title: str | None,
    events: tuple[str, ...],
    max_per_actor: int,
) -> None:
    """Write the Sachstand: a report to attach to a committee paper.

    Headline figures, the event themes and their coverage, shared goals and
    hotspots, gaps, who works on which theme (a heat map), a picture of the
    network, the SDG table, proposed moderation teams, the annex "Überblick zu
    Planungswerken" and the sources; all from the catalogue's analyses under
    --status and --as-of. The HTML holds its styles and loads nothing; it
    prints on A4 with page numbers. A .pdf is printed by headless Chromium
    (chromium on PATH, or $SOZIALGRAPH_CHROMIUM), with its network off; without
    it the HTML is written beside the PDF and the command exits with 1.

    \b
    Examples:
      sozialgraph report -o sachstand.html
      sozialgraph report -o sachstand.pdf --as-of 2018-06-30
      sozialgraph report --lang en -o status-report.pdf --event E2018-01
    """
    from graph.analysis.rules import DEFAULT_STATUSES
    from graph.report.report import build_report, write_report

    format_for(output, None, ["html", "pdf"], "html")
    check_target(output)
    built = build_report(
        session.store,
        lang=lang,
        statuses=session.source.statuses or DEFAULT_STATUSES,
        as_of=session.source.as_of,
        title=title,
        datasets=[d.name for d in session.datasets],
        options={"events": list(events), "max_per_actor": max_per_actor},
    )
    written = write_report(built, output)
    info(f"wrote {written}")
