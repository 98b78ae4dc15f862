"""The report's main sections: at a glance, event themes and their coverage, overlaps, gaps, SDGs.

Every figure comes from a catalogue analysis (:meth:`Context.analysis`) or a
report query that reads the derived relations (:meth:`Context.rows`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from graph.report.model import Context, Heading, Items, Mark, Para, Section, Table
from graph.report.words import date_text, label, only_in, term, text, words

__all__ = ["coverage", "event_themes", "gaps", "overlaps", "sdg", "summary"]

#: Rows of the pair and hotspot tables (the full lists: ``sozialgraph overlaps``).
TOP = 10
#: Order of the statuses in the status table; None: no status given.
_STATUS_ORDER = ("Active", "Planned", "Proposed", "Ended")


def _s(value: Any) -> str:
    return "" if value is None or value != value else str(value)  # None and NaN are empty


def event_themes(ctx: Context) -> list[dict[str, Any]]:
    """One dict per event with agenda themes: id, name, date and its themes with their coverage.

    A theme is ``covered`` when a plan that counts covers it (the plans named),
    ``partly`` when it is only in plans that do not count (the ``only_in`` of
    ``uncovered-event-themes``), else ``gap``. Events are ordered by date
    (undated last), then id.
    """

    def make() -> list[dict[str, Any]]:
        uncovered = {
            (_s(r.event_id), _s(r.theme_id)): _s(r.only_in)
            for r in ctx.analysis("uncovered-event-themes").itertuples(index=False)
        }
        events: dict[str, dict[str, Any]] = {}
        for row in ctx.rows("agenda"):
            event = events.setdefault(
                row["event_id"],
                {"id": row["event_id"], "name": row["event"], "date": _s(row["date"]), "themes": {}},
            )
            theme = event["themes"].setdefault(
                row["theme_id"], {"id": row["theme_id"], "name": row["theme"], "plans": []}
            )
            if row["plan_id"] is not None:
                status = label(row["status"], ctx.lang)
                theme["plans"].append(f"{row['plan']} ({status})" if status else row["plan"])
        out = []
        for event in events.values():
            themes = []
            for theme in sorted(event["themes"].values(), key=lambda t: t["id"]):
                if theme["plans"]:
                    theme.update(state="covered", where="; ".join(sorted(set(theme["plans"]))))
                else:
                    where = only_in(uncovered.get((event["id"], theme["id"]), ""), ctx.lang)
                    theme.update(state="partly" if where else "gap", where=where)
                themes.append(theme)
            out.append({**event, "themes": themes})
        return sorted(out, key=lambda e: (e["date"] == "", e["date"], e["id"]))

    return ctx.memo("event_themes", make)


def summary(ctx: Context) -> Section:
    """Headline figures: what the data holds, plans and instruments by status, the key findings."""
    from graph.analysis.stats import stats
    from graph.namespaces import SP
    from graph.schema import load_schema

    w = words(ctx.lang)
    counts = ctx.memo("stats", lambda: stats(ctx.store))
    sheets = {s.key: (s.name_de if ctx.lang == "de" else s.key.capitalize()) for s in load_schema().sheets}
    inventory = Table(
        (w["what"], w["count"]),
        tuple((sheets[key], n) for key, n in counts.entities.items()),
        caption=w["inventory"],
        numeric=(1,),
    )
    by_status: dict[Any, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for slot, cls in ((0, SP.Plan), (2, SP.SteeringInstrument)):
        for row in ctx.rows("status-counts", **{"class": cls}):
            by_status[row["status"]][slot] += row["n"]
            by_status[row["status"]][slot + 1] += row["counted"]
    order = [SP[name] for name in _STATUS_ORDER]
    keys = [k for k in order if k in by_status] + [k for k in by_status if k not in order]
    status_rows = tuple(
        (label(k, ctx.lang, str(k)) if k is not None else w["no_status"], *by_status[k]) for k in keys
    )
    statuses = Table(
        (w["status"], w["plans"], w["counted"], w["instruments"], w["counted"]),
        status_rows,
        caption=w["by_status"],
        numeric=(1, 2, 3, 4),
    )
    if ctx.several():  # a Land: which municipalities leave top themes unplanned (its events are each town's)
        gaps = ctx.coverage().plans
        first = text(ctx.lang, "land_summary", n=sum(1 for row in gaps if 0 in row), total=len(gaps))
    else:
        agenda = {t["id"]: t["state"] == "covered" for e in event_themes(ctx) for t in e["themes"]}
        first = text(ctx.lang, "key_agenda", covered=sum(agenda.values()), total=len(agenda))
    sdgs = ctx.analysis("sdg-coverage")
    findings = [
        first,
        text(
            ctx.lang,
            "key_unplanned",
            n=len(ctx.analysis("unplanned-themes")),
            total=counts.entities.get("themes", 0),
        ),
        text(
            ctx.lang,
            "key_goals",
            n=len(ctx.analysis("goals-without-plan")),
            total=counts.entities.get("goals", 0),
        ),
        text(ctx.lang, "key_pairs", n=len(ctx.analysis("shared-goals"))),
        text(ctx.lang, "key_sdg", n=int((sdgs["goals"] > 0).sum()) if len(sdgs) else 0),
    ]
    return Section("summary", w["summary"], [Items(tuple(findings)), inventory, statuses])


def coverage(ctx: Context) -> Section:
    """The themes on the agenda of each event: covered (by which plans), only in plans that do not count, or not at all."""
    w = words(ctx.lang)
    blocks: list = [Para(w["coverage_intro"])]
    events = event_themes(ctx)
    if not events:
        blocks.append(Para(w["no_agenda"]))
    for event in events:
        when = date_text(event["date"], ctx.lang) if event["date"] else w["no_date"]
        blocks.append(Heading(f"{event['name']} ({when})"))
        rows = tuple((t["name"], Mark(w[t["state"]], t["state"]), t["where"]) for t in event["themes"])
        blocks.append(Table((w["theme"], w["coverage_col"], w["plans_col"]), rows))
        covered = sum(t["state"] == "covered" for t in event["themes"])
        blocks.append(Para(text(ctx.lang, "event_summary", covered=covered, total=len(rows)), note=True))
    return Section("coverage", w["coverage"], blocks)


def overlaps(ctx: Context) -> Section:
    """The pairs of actors with the most shared goals, and the hotspots."""
    from graph.views.wording import kind_names

    w = words(ctx.lang)
    pairs = ctx.analysis("shared-goals")
    blocks: list = [Heading(w["shared_goals"])]
    blocks.append(
        Table(
            (w["actor_a"], w["actor_b"], w["n_goals"], w["goals"]),
            tuple(
                (f"{r.actor_a} ({r.actor_a_id})", f"{r.actor_b} ({r.actor_b_id})", int(r.count), _s(r.goals))
                for r in pairs.head(TOP).itertuples(index=False)
            ),
            numeric=(2,),
            empty=w["none"],
        )
    )
    if len(pairs) > TOP:
        blocks.append(Para(text(ctx.lang, "shared_goals_more", k=TOP, n=len(pairs)), note=True))
    hot = ctx.analysis("hotspots")
    kinds = kind_names(ctx.lang)
    blocks.append(Heading(w["hotspots"]))
    blocks.append(
        Table(
            (w["kind"], w["name"], w["n_actors"], w["actors"]),
            tuple(
                (kinds.get(_s(r.kind), _s(r.kind)), _s(r.label), int(r.actors), _s(r.actor_list))
                for r in hot.head(TOP).itertuples(index=False)
            ),
            numeric=(2,),
            empty=w["none"],
        )
    )
    if len(hot) > TOP:
        blocks.append(Para(text(ctx.lang, "hotspots_more", k=TOP, n=len(hot)), note=True))
    return Section("overlaps", w["overlaps"], blocks)


def gaps(ctx: Context) -> Section:
    """The gap analyses: unplanned themes, goals without plan or actor, plans without goals, idle instruments, inactive actors."""
    w, lang = words(ctx.lang), ctx.lang
    parts = [
        (
            "unplanned",
            "unplanned-themes",
            (w["theme"], w["broader"], w["actors_working"], w["only_in"]),
            lambda r: (_s(r.theme), _s(r.broader), int(r.actors_working), only_in(r.only_in, lang)),
            (2,),
        ),
        (
            "goals_without_plan",
            "goals-without-plan",
            (w["id"], w["goal"], w["pursued_by"], w["only_in"]),
            lambda r: (_s(r.goal_id), _s(r.goal), _s(r.pursued_by), only_in(r.only_in, lang)),
            (),
        ),
        (
            "goals_without_actor",
            "goals-without-actor",
            (w["id"], w["goal"], w["themes"]),
            lambda r: (_s(r.goal_id), _s(r.goal), _s(r.themes)),
            (),
        ),
        (
            "plans_without_goal",
            "plans-without-goal",
            (w["id"], w["plan"], w["lead"], w["year"], w["status"]),
            lambda r: (_s(r.plan_id), _s(r.plan), _s(r.lead), _s(r.issued), term(r.status, lang)),
            (),
        ),
        (
            "idle_instruments",
            "idle-instruments",
            (w["id"], w["instrument"], w["lead"], w["status"]),
            lambda r: (_s(r.instrument_id), _s(r.instrument), _s(r.lead), term(r.status, lang)),
            (),
        ),
        (
            "inactive_actors",
            "inactive-actors",
            (w["id"], w["actor"], w["kind"], w["member_of"]),
            lambda r: (_s(r.actor_id), _s(r.actor), term(r.kind, lang), _s(r.member_of)),
            (),
        ),
    ]
    blocks: list = []
    for key, name, columns, cells, numeric in parts:
        frame = ctx.analysis(name)
        blocks.append(Heading(w[key]))
        rows = tuple(cells(r) for r in frame.itertuples(index=False))
        blocks.append(Table(columns, rows, numeric=numeric, empty=w["none"]))
    return Section("gaps", w["gaps"], blocks)


def sdg(ctx: Context) -> Section:
    """The SDG table (analysis ``sdg-coverage``), a Voluntary Local Review's table."""
    from graph.sdg import sdg_goals

    w = words(ctx.lang)
    titles = {code: (de if ctx.lang == "de" else en) for code, de, en in sdg_goals()}
    frame = ctx.analysis("sdg-coverage")
    rows = tuple(
        (
            _s(r.sdg),
            titles.get(_s(r.sdg), _s(r.title)),
            int(r.goals),
            _s(r.plans),
            int(r.actors),
            _s(r.themes),
        )
        for r in frame.itertuples(index=False)
    )
    table = Table(
        (w["sdg_col"], w["sdg_title"], w["local_goals"], w["plans"], w["actors"], w["themes"]),
        rows,
        numeric=(0, 2, 4),
        empty=w["none"],
    )
    return Section("sdg", w["sdg"], [Para(w["sdg_intro"]), table])
