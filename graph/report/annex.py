"""The annex "Überblick zu Planungswerken" (per actor: plans, instruments, goals) and the sources."""

from __future__ import annotations

from collections import defaultdict

from graph.report.model import Context, Heading, Para, Section, Table
from graph.report.words import date_text, label, text, words

__all__ = ["annex", "sources"]

_WHAT_ORDER = {"plan": 0, "instrument": 1, "goal": 2}
_ROLE_ORDER = {"lead": 0, "partner": 1}


def annex(ctx: Context) -> Section:
    """Per actor, its plans (lead, partner), instruments and goals, with status, year and end.

    Plans and instruments of any status are listed with their status as entered;
    goals are those the actor works on (the derived ``sp:worksOn``, from the
    graphs that count), with the routes.
    """
    from graph.views.wording import kind_names

    w, lang = words(ctx.lang), ctx.lang
    kinds = kind_names(lang)
    items: dict[str, dict[tuple[str, str], dict]] = defaultdict(dict)
    for r in ctx.rows("annex"):
        key = (r["what"], r["item_id"])
        entry = items[r["actor_id"]].setdefault(
            key,
            {"what": r["what"], "id": r["item_id"], "name": r["item"], "roles": set(), "row": r},
        )
        if r["what"] == "goal":
            entry["roles"].add(label(r["role"], lang, ""))
        else:
            entry["roles"].add(str(r["role"]))
    actors = ctx.actors()
    blocks: list = [Para(w["annex_intro"])]
    idle = []
    for actor_id in sorted(actors, key=lambda a: (actors[a][1], a)):
        name = actors[actor_id][0]
        if actor_id not in items:
            idle.append(f"{name} ({actor_id})")
            continue
        rows = []
        for entry in sorted(
            items[actor_id].values(),
            key=lambda e: (_WHAT_ORDER[e["what"]], min(_ROLE_ORDER.get(x, 2) for x in e["roles"]), e["id"]),
        ):
            r = entry["row"]
            if entry["what"] == "goal":
                role = "; ".join(sorted(x for x in entry["roles"] if x))
            else:
                role = "; ".join(
                    w["led"] if x == "lead" else w["partner"]
                    for x in sorted(entry["roles"], key=_ROLE_ORDER.get)
                )
            rows.append(
                (
                    kinds[entry["what"]],
                    entry["id"],
                    entry["name"],
                    role,
                    label(r["status"], lang),
                    "" if r["year"] is None else str(r["year"]),
                    date_text(r["end"], lang) if r["end"] is not None else "",
                )
            )
        blocks.append(Heading(f"{name} ({actor_id})"))
        blocks.append(
            Table((w["what"], w["id"], w["name"], w["role"], w["status"], w["year"], w["end"]), tuple(rows))
        )
    if idle:
        blocks.append(Para(text(lang, "annex_idle", names="; ".join(idle)), note=True))
    return Section("annex", w["annex"], blocks, annex=True)


def sources(ctx: Context) -> Section:
    """The sources entries name (the column Quelle) and the rows of the sheet Quellen."""
    w = words(ctx.lang)
    rows = tuple(
        (
            r["id"] or r["label"] or str(r["source"]),
            r["label"] if r["id"] else "",
            r["type"] or "",
            date_text(r["date"], ctx.lang) if r["date"] else "",
            str(r["url"]) if r["url"] else "",
            r["entries"],
        )
        for r in ctx.rows("sources")
    )
    table = Table(
        (w["source"], w["name"], w["type"], w["date"], w["url"], w["entries"]),
        rows,
        numeric=(5,),
        empty=w["no_sources"],
    )
    return Section("sources", w["sources"], [Para(w["sources_intro"]), table])
