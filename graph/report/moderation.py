"""The report's section with the proposed moderation teams (:func:`graph.analysis.teams.moderation_teams`)."""

from __future__ import annotations

import datetime as dt

from graph.report.model import Context, Heading, Para, Section, Table
from graph.report.words import date_text, text, words

__all__ = ["default_events", "teams"]


def default_events(ctx: Context) -> list[str]:
    """The events the report proposes teams for, unless the caller names them (option ``events``).

    The events with themes on their agenda that lie on or after the report's
    day, or have no date (still to come); if there are none, the latest event
    with an agenda.

    Examples
    --------
    >>> from graph.store import OxigraphStore
    >>> default_events(Context(OxigraphStore()))
    []
    """
    from graph.report.overview import event_themes

    events = event_themes(ctx)
    day = ctx.as_of.isoformat() if isinstance(ctx.as_of, dt.date) else str(ctx.as_of)
    coming = [e["id"] for e in events if not e["date"] or e["date"] >= day]
    if coming:
        return coming
    return [events[-1]["id"]] if events else []


def teams(ctx: Context) -> Section:
    """Per event, per agenda theme: the proposed team, other candidates, the nearest actors and notes."""
    from graph.analysis.teams import SIDES, moderation_teams

    w, lang = words(ctx.lang), ctx.lang
    cap = int(ctx.options.get("max_per_actor", 2))
    chosen = list(ctx.options.get("events") or default_events(ctx))
    blocks: list = []
    if not chosen:
        blocks.append(Para(w["teams_none"]))
    for event in chosen:
        result = moderation_teams(ctx.store, event, max_per_actor=cap)
        when = date_text(result.date, lang) if result.date else w["no_date"]
        if len(chosen) > 1:
            blocks.append(Heading(f"{result.event} ({when})"))
        blocks.append(Para(text(lang, "teams_intro", event=result.event, date=when, cap=cap)))
        rows = []
        for team in result.themes:
            members = [team.members.get(side) for side in SIDES]
            notes = [w[f"missing_{team.missing(side)}_{side}"] for side in SIDES if team.missing(side)]
            if not any(team.candidates.values()):
                notes = [w["nobody"]]
            near = [f"{n.actor} ({n.actor_id}): {_near(n, lang)}" for n in team.nearest]
            rows.append(
                (
                    team.theme,
                    *(f"{m.actor} ({m.actor_id})" if m else "–" for m in members),
                    "; ".join(f"{c.actor} ({c.actor_id})" for c in team.others),
                    "; ".join(notes + near),
                )
            )
        blocks.append(
            Table(
                (
                    w["theme"],
                    w["administration"],
                    w["external"],
                    w["others"],
                    f"{w['note']} / {w['nearest']}",
                ),
                tuple(rows),
                empty=w["none"],
            )
        )
    return Section("teams", w["teams"], blocks)


def _near(near, lang: str) -> str:
    return text(lang, f"near_{near.why}", via=near.via, through=near.through)
