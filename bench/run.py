"""Benchmark: load, every catalogue query, overlaps, gaps, network, metrics and HTML, per engine and size.

Run from a checkout (one command)::

    python bench/run.py                      # 10k, 100k and 1M triples; writes bench/out/results.json
    python bench/run.py --sizes 10k,100k     # a quicker run

Every (size, engine) pair runs in its own process, so peak memory is that
pair's own. rdflib's engine gets a time budget per step; a step over the budget
is reported as such rather than waited for.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: size name -> municipalities (about 2,700 triples each)
SIZES = {"10k": 4, "100k": 37, "1M": 375}
ENGINES = ("oxigraph", "rdflib")
#: Above this many triples the questions whose answer grows with the square of the
#: actors (all pairs sharing a theme; the actor-actor projection) are not run: on
#: synthetic data every actor works on most themes of the one shared scheme, so
#: the answer itself has ~10^8 rows.
QUADRATIC_MAX_TRIPLES = 500_000
#: The queries that join the most (the issue's 20x target is about these).
JOIN_HEAVY = (
    "shared-goals",
    "shared-themes",
    "hotspots",
    "theme-actors",
    "actor-profile",
    "unplanned-themes",
)


class Budget(Exception):
    """A step ran past its time budget."""


def _alarm(_signum, _frame):
    raise Budget()


def timed(step, budget: float | None):
    """Run ``step()``; return (seconds, result) or (None, None) past the budget."""
    if budget:
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, budget)
    start = time.perf_counter()
    try:
        result = step()
        return time.perf_counter() - start, result
    except Budget:
        return None, None
    finally:
        if budget:
            signal.setitimer(signal.ITIMER_REAL, 0)


def first_id(store, cls: str) -> str:
    rows = store.query(
        "PREFIX dct: <http://purl.org/dc/terms/> SELECT ?id ?c WHERE { ?s a ?c ; dct:identifier ?id } ORDER BY ?id LIMIT 1",
        {"c": __import__("rdflib").URIRef(cls)},
    ).rows
    return str(rows[0][0])


def worker(size: str, engine: str, data: Path, budget: float, out_dir: Path) -> dict:
    """Measure one engine on one dataset (runs in its own process)."""
    from graph.analysis.query import catalogue, gaps, overlaps, run_query
    from graph.namespaces import SP
    from graph.store import OxigraphStore, RdflibStore

    figures: dict = {"size": size, "engine": engine, "budget": budget}
    store = OxigraphStore() if engine == "oxigraph" else RdflibStore()
    seconds, _ = timed(lambda: store.load_file(data, "nt"), None)
    figures["triples"] = len(store)
    figures["load_s"] = seconds
    figures["peak_rss_after_load_mb"] = peak_mb()
    figures["load_triples_per_s"] = len(store) / seconds
    if engine == "oxigraph":
        from graph.store.bulk import load_into

        with tempfile.TemporaryDirectory() as tmp:
            report = load_into(data, store_dir=Path(tmp) / "store")
            figures["disk_load_s"] = report.seconds
            figures["disk_load_triples_per_s"] = (
                report.triples_after - report.triples_before
            ) / report.seconds
    params = {"actor": first_id(store, str(SP.Actor)), "theme": first_id(store, str(SP.Theme))}
    figures["queries"] = {}
    # the pair queries last: their answers grow with the square of the actors
    quadratic_ok = len(store) <= QUADRATIC_MAX_TRIPLES
    for info in sorted(catalogue(), key=lambda q: (q.name.startswith("shared-"), q.name)):
        if info.name == "shared-themes" and not quadratic_ok:
            figures["queries"][info.name] = {"s": None, "rows": None, "skipped": "quadratic answer"}
            continue
        values = {p.name: params[p.name] for p in info.params if p.name in params and p.default is None}
        seconds, frame = timed(lambda info=info, values=values: run_query(store, info.name, values), budget)
        figures["queries"][info.name] = {"s": seconds, "rows": None if frame is None else len(frame)}
    seconds, _ = timed(lambda: gaps(store), budget)
    figures["gaps_s"] = seconds
    figures["peak_rss_after_gaps_mb"] = peak_mb()
    if quadratic_ok:
        seconds, _ = timed(lambda: overlaps(store), budget)
        figures["overlaps_s"] = seconds
    else:  # overlaps without shared-themes: the two other headline sections
        from graph.analysis.query import run_query as rq

        seconds, _ = timed(lambda: (rq(store, "shared-goals"), rq(store, "hotspots")), budget)
        figures["overlaps_without_shared_themes_s"] = seconds
    from graph.views.metrics import metrics
    from graph.views.network import build_graph
    from graph.views.projection import view
    from graph.views.write import write_view

    seconds, full = timed(lambda: build_graph(store), budget)
    figures["network_s"] = seconds
    if full is not None:
        figures["network_nodes"] = full.number_of_nodes()
        if quadratic_ok:
            seconds, _ = timed(lambda: metrics(view(full, "actors")), budget)
            figures["metrics_actors_s"] = seconds
        seconds, _ = timed(lambda: metrics(full), budget * 4)
        figures["metrics_full_s"] = seconds
        target = out_dir / f"{size}-{engine}.html"
        seconds, report = timed(lambda: write_view(full, target, view="full"), budget * 4)
        figures["html_s"] = seconds
        figures["html_nodes_shown"] = None if report is None else report.nodes_shown
    figures["peak_rss_mb"] = peak_mb()
    return figures


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def example_figures() -> dict:
    """The small targets: every catalogue query on the bundled example, the demo, --help and queries."""
    from graph.analysis.query import catalogue, run_query
    from graph.files import example_data
    from graph.io.load import load_dataset

    store, _ = load_dataset(example_data())
    params = {"actor": "FB 56", "theme": "armut"}
    run_query(store, "inactive-actors")  # the first query pays for importing pandas
    queries = {}
    for info in catalogue():
        values = {p.name: params[p.name] for p in info.params if p.name in params and p.default is None}
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            run_query(store, info.name, values)
            runs.append(time.perf_counter() - start)
        queries[info.name] = min(runs)
    command = [sys.executable, "-m", "cli"]

    def wall(*args: str) -> float:
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            subprocess.run(
                [*command, *args],
                cwd=tmp,
                capture_output=True,
                check=True,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
            return time.perf_counter() - start

    return {
        "queries_s": queries,
        "demo_s": min(wall("demo") for _ in range(2)),
        "help_s": min(wall("--help") for _ in range(3)),
        "queries_command_s": min(wall("queries") for _ in range(3)),
    }


def ratio(a, b):
    return None if a is None or b is None or a == 0 else b / a


def fmt_s(value) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _ran(result: dict, label: str) -> bool:
    """Whether a step was attempted (None then means: over the time budget)."""
    if label.startswith("query "):
        entry = result.get("queries", {}).get(label.removeprefix("query "))
        return entry is not None and "skipped" not in entry
    return f"{label}_s" in result


def _cell(value, result: dict | None, ran: bool, timed_step: bool) -> str:
    if result is None:
        return "not run"
    if value is not None:
        return fmt_s(value)
    if ran and result.get("budget"):
        return f"> {result['budget']:.0f} s"
    return "not run"


def table(results: list[dict]) -> str:
    """A markdown table: one row per figure, a column pair per size (oxigraph, rdflib, ratio)."""
    sizes = sorted({r["size"] for r in results}, key=list(SIZES).index)
    get = {(r["size"], r["engine"]): r for r in results}
    figures = [
        "load_s",
        "disk_load_s",
        "overlaps_s",
        "overlaps_without_shared_themes_s",
        "gaps_s",
        "network_s",
        "metrics_actors_s",
        "metrics_full_s",
        "html_s",
    ]
    queries = sorted({q for r in results for q in r.get("queries", {})})
    head = "| figure | " + " | ".join(f"{s} oxigraph | {s} rdflib | {s} ratio" for s in sizes) + " |"
    lines = [head, "|---" * (1 + 3 * len(sizes)) + "|"]

    def row(label, pick, timed_step=True):
        cells = []
        for s in sizes:
            ox_r, rd_r = get.get((s, "oxigraph")), get.get((s, "rdflib"))
            ox = pick(ox_r) if ox_r else None
            rd = pick(rd_r) if rd_r else None
            ran = {
                "oxigraph": ox_r is not None and _ran(ox_r, label),
                "rdflib": rd_r is not None and _ran(rd_r, label),
            }
            cells.append(_cell(ox, ox_r, ran["oxigraph"], timed_step))
            cells.append(_cell(rd, rd_r, ran["rdflib"], timed_step))
            r = ratio(ox, rd)
            if r:
                cells.append(f"{r:.0f}×")
            elif ox and rd is None and ran["rdflib"] and rd_r.get("budget"):
                cells.append(f"> {rd_r['budget'] / ox:.0f}×")
            else:
                cells.append("–")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    for name in figures:
        row(name.removesuffix("_s"), lambda r, n=name: r.get(n))
    for q in queries:
        row(f"query {q}", lambda r, q=q: r.get("queries", {}).get(q, {}).get("s"))
    extra = [
        "",
        "| size | triples | oxigraph load (triples/s) | on-disk bulk load (triples/s) "
        "| peak MB oxigraph: after load / after gaps / end | peak MB rdflib: after load / end |",
        "|---|---|---|---|---|---|",
    ]
    for s in sizes:
        ox, rd = get.get((s, "oxigraph"), {}), get.get((s, "rdflib"), {})
        extra.append(
            f"| {s} | {ox.get('triples', 0):,} | {ox.get('load_triples_per_s', 0):,.0f} | "
            f"{ox.get('disk_load_triples_per_s', 0):,.0f} | {ox.get('peak_rss_after_load_mb', 0):,.0f} / "
            f"{ox.get('peak_rss_after_gaps_mb', 0):,.0f} / {ox.get('peak_rss_mb', 0):,.0f} | "
            f"{rd.get('peak_rss_after_load_mb', 0):,.0f} / {rd.get('peak_rss_mb', 0):,.0f} |"
        )
    return "\n".join(lines + extra)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated: 10k,100k,1M")
    parser.add_argument("--engines", default="oxigraph,rdflib")
    parser.add_argument("--rdflib-max", default="100k", help="largest size rdflib is run on")
    parser.add_argument("--budget", type=float, default=120.0, help="seconds per step for rdflib")
    parser.add_argument("--oxigraph-budget", type=float, default=600.0, help="seconds per step for oxigraph")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--table", type=Path, metavar="RESULTS", help="print the table of a results.json")
    parser.add_argument("--one", nargs=3, metavar=("SIZE", "ENGINE", "DATA"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.table:
        print(table(json.loads(args.table.read_text())["results"]))
        return 0
    if args.one:
        size, engine, data = args.one
        budget = args.budget if engine == "rdflib" else args.oxigraph_budget
        print(json.dumps(worker(size, engine, Path(data), budget, args.out)))
        return 0

    from graph.io.generate import generate

    sizes = [s for s in args.sizes.split(",") if s]
    engines = [e for e in args.engines.split(",") if e]
    example = example_figures()
    (args.out / "example.json").write_text(json.dumps(example, indent=2))
    print(
        f"example: slowest catalogue query {max(example['queries_s'].values()) * 1000:.1f} ms, "
        f"demo {example['demo_s']:.2f} s, --help {example['help_s']:.2f} s, queries {example['queries_command_s']:.2f} s",
        file=sys.stderr,
    )
    results = []
    for size in sizes:
        data = args.out / f"synthetic-{size}.nt"
        if not data.exists():
            generate(SIZES[size], args.seed, data, fmt="nt")
        for engine in engines:
            if engine == "rdflib" and list(SIZES).index(size) > list(SIZES).index(args.rdflib_max):
                print(f"{size} rdflib: not run (over --rdflib-max {args.rdflib_max})", file=sys.stderr)
                continue
            print(f"{size} {engine} …", file=sys.stderr, flush=True)
            proc = subprocess.run(
                [
                    *(sys.executable, __file__, "--one", size, engine, str(data)),
                    *("--budget", str(args.budget), "--oxigraph-budget", str(args.oxigraph_budget)),
                    *("--out", str(args.out)),
                ],
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONHASHSEED": "0"},
            )
            if proc.returncode != 0:  # recorded, and the run goes on with the next pair
                print(proc.stderr, file=sys.stderr)
                figures = {"size": size, "engine": engine, "error": proc.stderr.strip().splitlines()[-1:]}
            else:
                figures = json.loads(proc.stdout.strip().splitlines()[-1])
            (args.out / f"{size}-{engine}.json").write_text(json.dumps(figures, indent=2))
            results.append(figures)
    import graph

    meta = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": {m: __import__(m).__version__ for m in ("rdflib", "pyoxigraph", "networkx", "pandas")},
        "sozialgraph": graph.__version__,
    }
    (args.out / "results.json").write_text(
        json.dumps({"meta": meta, "example": example, "results": results}, indent=2)
    )
    print(table(results))
    print(f"\nwrote {args.out / 'results.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
