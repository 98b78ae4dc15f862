"""Benchmark: the commands a user runs, as whole processes, beside bare pyoxigraph and rdflib.

Run from a checkout (the package installed, e.g. ``pip install -e '.[test]'``)::

    python bench/run.py                  # 10k, 100k and 1M triples and the example; records bench/RESULTS.md
    python bench/run.py --quick          # 10k and 100k, shorter budgets; writes bench/out/ only
    python bench/run.py --virtuoso       # also the --endpoint path on a throw-away Virtuoso
    python bench/run.py --browser        # also how long Chromium takes to draw the pages

Every figure is one process started as a user starts it (``sozialgraph …``),
start-up included, measured by the kernel: CPU time (user + system, all
threads) and peak memory from ``wait4``, and wall time. CPU time is what the
targets are judged on where the machine is shared (other processes stretch
wall time, not CPU time). The checkout's modules are compiled to bytecode
first, as ``pip install`` does, and the processes run without
``PYTHONDONTWRITEBYTECODE``. Ratios are taken within the same run. Beside each
command: the same query text on the same store through bare pyoxigraph
(``bench/bare.py``), and the same question on rdflib's engine
(``--engine rdflib``, within a budget).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import ROOT, Run, best, command, compile_sources, fresh, run

#: size name -> synthetic municipalities (about 2,650 triples each; 3k is for trying the benchmark out)
SIZES = {"3k": 1, "10k": 4, "100k": 37, "1M": 375}
BENCH = Path(__file__).resolve().parent
#: Analyses whose answer grows with the square of the actors when not scoped (all pairs sharing a theme).
QUADRATIC = {"shared-themes"}


def sg(*args: str) -> list[str]:
    return [*command(), *args]


def py(*args: str) -> list[str]:
    return [sys.executable, *args]


def repeat(argv, times: int, **kw) -> Run:
    """The cheapest of ``times`` runs (a run over the budget is not repeated)."""
    runs = []
    for _ in range(times):
        r = run(argv, **kw)
        runs.append(r)
        if not r.ok:
            break
    return best(runs)


# --------------------------------------------------------------------------
# what the commands are asked


def query_plan(store_dir: Path) -> dict:
    """Per analysis: its parameters for this data, and the spec for bare pyoxigraph (same text, scope, bindings)."""
    from graph.analysis.catalogue import catalogue
    from graph.analysis.query import GAPS, OVERLAPS, _bind, _with_prefixes
    from graph.session import Session, Source
    from graph.store.base import IRI

    session = Session(Source(store_dir=store_dir))
    view = session.store
    ids = {}
    for kind, cls in (("actor", "Actor"), ("theme", "Theme")):
        rows = view.select_values(
            "PREFIX sp: <https://w3id.org/sozialgraph/ontology#> PREFIX dct: <http://purl.org/dc/terms/> "
            f"SELECT ?id WHERE {{ ?x a sp:{cls} ; dct:identifier ?id }} ORDER BY ?id"
        )[1]
        found = [r[0] for r in rows]
        ids[kind] = "Armut" if "Armut" in found else found[0]
    plans = {}
    for info in catalogue():
        params = {p.name: ids[p.kind] for p in info.params if p.default is None and p.kind in ids}
        bindings = {}
        for p in info.params:
            value = params.get(p.name, p.default)
            if value is None:
                continue
            term = _bind(view, p, str(value))
            bindings[p.name] = {"iri": str(term)} if isinstance(term, IRI) else {"literal": str(term)}
        text = _with_prefixes(info.path.read_text(encoding="utf-8"), set())
        plans[info.name] = {"params": params, "queries": [{"text": text, "bindings": bindings}]}
    for report, names in (("gaps", GAPS), ("overlaps", OVERLAPS)):
        plans[report] = {"params": {}, "queries": [q for n in names for q in plans[n]["queries"]]}
    scope = view.scope
    spec = {
        "db": str(view.base.path),
        "default": list(scope.default) if scope.default is not None else None,
        "named": list(scope.named or ()),
        "data": [d.data_graph for d in view.datasets],
    }
    session.close()
    return {"plans": plans, "spec": spec, "ids": ids}


def write_spec(out: Path, plan: dict, name: str) -> Path:
    path = out / f"spec-{name}.json"
    path.write_text(json.dumps({**plan["spec"], "queries": plan["plans"][name]["queries"]}))
    return path


def params_args(params: dict) -> list[str]:
    return [a for k, v in params.items() for a in ("-p", f"{k}={v}")]


# --------------------------------------------------------------------------
# one size


def measure_size(size: str, args, out: Path, log) -> dict:
    from graph.store.catalog import GRAPHS, data_graph

    data = out / f"land-{size}.nt"
    if not data.exists():
        from graph.io.generate import generate

        generate(SIZES[size], args.seed, data, fmt="nt")
    big = size == "1M"
    times = 1 if big else args.repeat
    budget = args.budget * (4 if big else 1)
    store = out / f"land-{size}.store"
    found: dict = {"size": size, "municipalities": SIZES[size]}

    log(f"{size}: load")
    runs = []
    for _ in range(times):
        runs.append(run(sg("load", "--data", str(data), "--dataset", "land", "--store", str(fresh(store)))))
    found["load"] = best(runs).as_dict()
    found["bare load"] = repeat(
        py(
            str(BENCH / "bare.py"), "load", str(data), str(fresh(out / "bare.db")), data_graph(GRAPHS, "land")
        ),
        times,
        env={},
    ).as_dict()
    fresh(out / "bare.db")
    phases = run(py(str(BENCH / "phases.py"), str(data), str(fresh(out / "phases.store"))), keep=True)
    found["phases (store)"] = json.loads(phases.stdout) if phases.ok else {"error": phases.error}
    fresh(out / "phases.store")
    phases = run(py(str(BENCH / "phases.py"), str(data), "--memory"), keep=True)
    found["phases (--data)"] = json.loads(phases.stdout) if phases.ok else {"error": phases.error}
    found["validate --store"] = repeat(sg("validate", "--store", str(store)), times, budget=budget).as_dict()
    found["datasets --store"] = repeat(sg("datasets", "--store", str(store)), times).as_dict()

    plan = query_plan(store)
    found["ids"] = plan["ids"]
    queries: dict = {}
    names = sorted(n for n in plan["plans"] if n not in ("gaps", "overlaps"))
    for name in [*names, "gaps", "overlaps"]:
        log(f"{size}: {name}")
        entry: dict = {}
        params = params_args(plan["plans"][name]["params"])
        verb = [name] if name in ("gaps", "overlaps") else ["query", name, *params]
        quadratic = name in QUADRATIC or name == "overlaps"
        limit = budget if not (quadratic and big) else args.budget
        entry["store"] = repeat(
            sg(*verb, "--store", str(store), "--format", "csv"), times, budget=limit
        ).as_dict()
        spec = write_spec(out, plan, name)
        entry["bare"] = repeat(py(str(BENCH / "bare.py"), "query", str(spec)), times, budget=limit).as_dict()
        if not big or name in ("gaps", "overlaps"):
            entry["data"] = run(
                sg(*verb, "--data", str(data), "--dataset", "land", "--format", "csv"), budget=limit
            ).as_dict()
        if list(SIZES).index(size) <= list(SIZES).index(args.rdflib_max):
            entry["rdflib"] = run(
                sg(*verb, "--data", str(data), "--dataset", "land", "--engine", "rdflib", "--format", "csv"),
                budget=args.rdflib_budget,
            ).as_dict()
        queries[name] = entry
    found["queries"] = queries
    # the pair questions a Land analyst asks (issue 12.1) and the municipality x theme table (12.2)
    asks = {
        "overlaps (table: the top 20 pairs of each municipality)": ["overlaps", "--format", "table"],
        "overlaps --only shared-themes --top 100": ["overlaps", "--only", "shared-themes", "--top", "100"],
        "overlaps --scope all --only shared-themes --top 100": [
            "overlaps",
            "--scope",
            "all",
            "--only",
            "shared-themes",
            "--top",
            "100",
        ],
        "overlaps --all": ["overlaps", "--all"],
        "coverage": ["coverage"],
    }
    land: dict = {}
    for label, verb in asks.items():
        log(f"{size}: {label}")
        land[label] = repeat(
            sg(*verb, "--store", str(store), "--format", "csv"), times, budget=budget
        ).as_dict()
    found["land questions"] = land
    engine = run(
        py(str(BENCH / "bare.py"), "engine", str(write_spec(out, plan, "gaps"))), keep=True, budget=budget
    )
    found["engine: gaps on disk and in memory"] = (
        json.loads(engine.stdout) if engine.ok else {"error": engine.error}
    )
    found["views"] = measure_views(size, store, out, args, budget, log)
    return found


def measure_views(size: str, store: Path, out: Path, args, budget: float, log) -> dict:
    """Pages and metrics of the views the command offers (read from its help, so new views are measured too)."""
    help_text = run(sg("network", "--help"), keep=True).stdout
    option = next((line for line in help_text.splitlines() if line.strip().startswith("--view")), "")
    views = [v for v in ("full", "actors", "land") if v in option]
    found: dict = {}
    for view in views:
        if view == "actors" and size == "1M" and not args.long:
            continue
        log(f"{size}: network --view {view}")
        page = out / f"page-{size}-{view}.html"
        r = run(sg("network", "--view", view, "--store", str(store), "-o", str(page)), budget=budget)
        entry = {
            "page": r.as_dict(),
            "page_mb": page.stat().st_size / 1e6 if r.ok and page.exists() else None,
        }
        if args.browser and r.ok:
            entry["drawn_s"] = draw_seconds(page, budget)
        entry["metrics"] = run(
            sg("metrics", "--view", view, "--store", str(store), "--format", "csv"), budget=budget
        ).as_dict()
        found[view] = entry
    return found


def draw_seconds(page: Path, budget: float) -> float | None:
    """Seconds headless Chromium takes from opening the page until the network says it is ready."""
    import shutil

    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            tab = browser.new_page(viewport={"width": 1920, "height": 1080})
            started = time.perf_counter()
            tab.goto(page.resolve().as_uri(), wait_until="load", timeout=budget * 1000)
            tab.wait_for_function(
                "() => window.sozialgraph && window.sozialgraph.ready === true", timeout=budget * 1000
            )
            return time.perf_counter() - started
        except Exception:
            return None
        finally:
            browser.close()


# --------------------------------------------------------------------------
# the example, the server


def measure_example(args, out: Path, log) -> dict:
    from graph.analysis.catalogue import catalogue

    log("example")
    found: dict = {
        "--help": repeat(sg("--help"), 5).as_dict(),
        "queries": repeat(sg("queries"), 5).as_dict(),
        "demo": repeat(sg("demo", "-o", str(fresh(out / "demo"))), 2).as_dict(),
    }
    params = {"actor-profile": ["-p", "actor=FB 56"], "theme-actors": ["-p", "theme=armut"]}
    found["query"] = {
        q.name: repeat(sg("query", q.name, *params.get(q.name, []), "--format", "csv"), 3).as_dict()
        for q in catalogue()
    }
    engine = run(py(str(BENCH / "phases.py"), "--example-queries"), keep=True)
    found["in-process query seconds"] = json.loads(engine.stdout) if engine.ok else {"error": engine.error}
    return found


def measure_virtuoso(sizes: list[str], args, out: Path, log) -> dict:
    """The --endpoint path on a throw-away Virtuoso (tests/virtuoso_support.py), one server per size."""
    sys.path.insert(0, str(ROOT / "tests"))
    import virtuoso_support as vs

    # a server for a Land: more memory and no query time limit than the test servers
    vs._INI = (
        vs._INI.replace("NumberOfBuffers = 10000", "NumberOfBuffers = 340000")
        .replace("MaxDirtyBuffers = 6000", "MaxDirtyBuffers = 250000")
        .replace("MaxQueryExecutionTime = 60", "MaxQueryExecutionTime = 0")
    )
    found: dict = {}
    for size in sizes:
        data = out / f"land-{size}.nt"
        budget = args.budget * (10 if size == "1M" else 3)
        entry: dict = {}
        with vs.running_virtuoso(fresh(out / "virtuoso"), max_rows=10_000_000) as server:
            login = ["--user", server.user, "--password", server.password, "--timeout", str(budget)]
            crud = server.url.rsplit("/", 1)[0] + "/sparql-graph-crud-auth"
            common = ["--data", str(data), "--dataset", "land", "--endpoint", server.url]
            common += ["--update-endpoint", server.auth_url, *login]
            if size != "1M" or args.long:
                log(f"virtuoso {size}: load (INSERT DATA)")
                entry["load (INSERT DATA)"] = run(sg("load", *common), budget=budget).as_dict()
            log(f"virtuoso {size}: load (graph store)")
            entry["load (graph store)"] = run(
                sg("load", *common, "--graph-store", crud), budget=budget
            ).as_dict()
            ask = ["--endpoint", server.url, "--timeout", str(budget), "--format", "csv"]
            for verb in (["gaps"], ["overlaps"], ["query", "theme-actors", "-p", "theme=Armut"]):
                log(f"virtuoso {size}: {' '.join(verb)}")
                entry[" ".join(verb)] = run(sg(*verb, *ask), budget=budget).as_dict()
        fresh(out / "virtuoso")
        found[size] = entry
    return found


def machine() -> dict:
    cpu = ""
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = int(open("/proc/meminfo").readline().split()[1]) / 1024 / 1024
    except OSError:
        memory = 0
    from importlib.metadata import PackageNotFoundError, version

    import graph

    versions = {}
    for package in ("pyoxigraph", "rdflib", "networkx", "pandas", "click"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = "?"
    return {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GB, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sozialgraph": graph.__version__,
        "versions": versions,
        "load average at start": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k and 100k, shorter budgets, no RESULTS.md")
    parser.add_argument("--sizes", help="comma-separated, of 10k,100k,1M [default: all; --quick: 10k,100k]")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each command below 1M (the cheapest counts)"
    )
    parser.add_argument("--budget", type=float, default=120.0, help="seconds a command may take (1M: 4x)")
    parser.add_argument("--rdflib-budget", type=float, default=30.0, help="seconds an rdflib run may take")
    parser.add_argument("--rdflib-max", default="100k", help="largest size rdflib is run on")
    parser.add_argument("--virtuoso", action="store_true", help="also the --endpoint path on Virtuoso")
    parser.add_argument("--browser", action="store_true", help="also time Chromium drawing the pages")
    parser.add_argument("--long", action="store_true", help="also the 1M actors view and INSERT DATA at 1M")
    parser.add_argument("--no-example", action="store_true", help="leave out the bundled example")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    parser.add_argument("--record", action="store_true", help="write bench/results.json and bench/RESULTS.md")
    parser.add_argument(
        "--render", type=Path, metavar="RESULTS", help="only write RESULTS.md from a results.json"
    )
    args = parser.parse_args(argv)
    from report import render

    if args.render:
        (BENCH / "RESULTS.md").write_text(render(json.loads(args.render.read_text())), encoding="utf-8")
        return 0
    if args.quick:
        args.repeat, args.budget, args.rdflib_budget = min(args.repeat, 2), min(args.budget, 60.0), 15.0
    sizes = (args.sizes or ("10k,100k" if args.quick else "10k,100k,1M")).split(",")
    record = args.record or not args.quick
    args.out.mkdir(parents=True, exist_ok=True)
    compile_sources()
    started = time.time()

    def log(text: str) -> None:
        print(f"[{time.time() - started:6.0f} s] {text}", file=sys.stderr, flush=True)

    results: dict = {"meta": machine(), "settings": {k: str(v) for k, v in vars(args).items()}, "sizes": {}}
    if not args.no_example:
        results["example"] = measure_example(args, args.out, log)
    for size in sizes:
        results["sizes"][size] = measure_size(size, args, args.out, log)
        (args.out / "results.json").write_text(json.dumps(results, indent=1))
    if args.virtuoso:
        results["virtuoso"] = measure_virtuoso(sizes, args, args.out, log)
    results["meta"]["load average at end"] = os.getloadavg()
    results["meta"]["minutes"] = round((time.time() - started) / 60, 1)
    text = json.dumps(results, indent=1)
    (args.out / "results.json").write_text(text)
    if record:
        (BENCH / "results.json").write_text(text)
        (BENCH / "RESULTS.md").write_text(render(results), encoding="utf-8")
        log("wrote bench/results.json and bench/RESULTS.md")
    else:
        (args.out / "RESULTS.md").write_text(render(results), encoding="utf-8")
        log(f"wrote {args.out / 'results.json'} and {args.out / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
