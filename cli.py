"""The sozialgraph command line: options in, calls into graph/, data out.

stdout carries data only; progress, warnings and "wrote …" go to stderr.
Exit codes: 0 ok, 1 problems in the data or a failed query, 2 usage error.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from graph import __version__
from graph.errors import DataError, SozialgraphError, UsageError
from graph.session import ENGINES, Session, Source

__all__ = ["main"]

FORMATS = ("table", "csv", "json", "md")


class _Group(click.Group):
    """Turns the domain's exceptions into messages and exit codes, never tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            raise click.UsageError(str(exc), ctx) from None
        except DataError as exc:
            n = len(exc.problems)
            lines = "\n".join(f"  {p}" for p in exc.problems)
            raise click.ClickException(f"{n} problem{'s' if n != 1 else ''} in the data:\n{lines}") from None
        except SozialgraphError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            name = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{name}{exc.strerror or exc}") from None


def info(message: str) -> None:
    """Say something to the person at the terminal (stderr, never stdout)."""
    click.echo(message, err=True)


# --------------------------------------------------------------------------
# shared options


def data_options(f: Callable) -> Callable:
    """``--data`` / ``--store`` / ``--endpoint`` and friends; passes ``session``."""

    @functools.wraps(f)
    def wrapper(
        *args,
        data,
        store_dir,
        endpoint,
        update_endpoint,
        graph_iri,
        user,
        password,
        engine,
        base,
        timeout,
        **kw,
    ):
        ctx = click.get_current_context()
        if not endpoint:
            from graph.offline import forbid_network, permit_network

            forbid_network()
            ctx.call_on_close(permit_network)
        source = Source(
            data=data,
            store_dir=store_dir,
            endpoint=endpoint,
            update_endpoint=update_endpoint,
            user=user,
            password=password,
            engine=engine,
            base=base,
            timeout=timeout,
            graph_iri=graph_iri,
        )
        session = Session(source)
        ctx.call_on_close(session.close)
        return f(*args, session=session, **kw)

    options = [
        click.option(
            "--data",
            type=click.Path(exists=True, path_type=Path),
            envvar="SOZIALGRAPH_DATA",
            help="Workbook folder (CSV files), .xlsx workbook or RDF file "
            "[env SOZIALGRAPH_DATA; default: the bundled Aachen example].",
        ),
        click.option(
            "--store",
            "store_dir",
            type=click.Path(file_okay=False, path_type=Path),
            help="On-disk Oxigraph store made by 'sozialgraph load' (instead of --data).",
        ),
        click.option("--endpoint", metavar="URL", help="SPARQL 1.1 query endpoint that holds the graph."),
        click.option(
            "--update-endpoint", metavar="URL", help="SPARQL update endpoint [default: --endpoint]."
        ),
        click.option(
            "--graph",
            "graph_iri",
            metavar="IRI",
            help="Named graph on the endpoint that holds the data [default: https://w3id.org/sozialgraph/graph].",
        ),
        click.option("--user", metavar="NAME", help="User name for the endpoint."),
        click.option(
            "--password",
            metavar="SECRET",
            envvar="SOZIALGRAPH_PASSWORD",
            help="Password [env SOZIALGRAPH_PASSWORD].",
        ),
        click.option(
            "--engine",
            type=click.Choice(ENGINES),
            default="oxigraph",
            show_default=True,
            help="Embedded engine for --data (rdflib is much slower; for comparison).",
        ),
        click.option(
            "--base", metavar="IRI", help="Base IRI for the entities [default: from the data's name]."
        ),
        click.option(
            "--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for an endpoint."
        ),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def output_options(f: Callable) -> Callable:
    """``--format``, ``-o`` and ``--excel``; passes ``out`` (an :class:`Output`)."""

    @functools.wraps(f)
    def wrapper(*args, fmt, output, excel, **kw):
        if excel and fmt != "csv":
            raise click.UsageError("--excel goes with --format csv")
        return f(*args, out=Output(fmt, output, excel), **kw)

    wrapper = click.option(
        "--excel", is_flag=True, help="CSV for German Excel: UTF-8 with BOM, ';' delimiter."
    )(wrapper)
    wrapper = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to FILE instead of stdout.",
    )(wrapper)
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format.",
    )(wrapper)


class Output:
    """Where and how a command writes its table(s)."""

    def __init__(self, fmt: str, path: Path | None, excel: bool):
        self.fmt, self.path, self.excel = fmt, path, excel

    @property
    def width(self) -> int:
        return shutil.get_terminal_size((80, 24)).columns if self.path is None else 10_000

    def frame(self, df, empty_message: str = "No rows.") -> None:
        from graph.output import format_frame

        self.text(format_frame(df, self.fmt, width=self.width, empty_message=empty_message, excel=self.excel))

    def rows(self, columns: list[str], rows: list[list]) -> None:
        from graph.output import format_rows

        self.text(format_rows(columns, rows, self.fmt, width=self.width, excel=self.excel))

    def sections(self, sections) -> None:
        from graph.output import format_sections

        self.text(format_sections(sections, self.fmt, width=self.width, excel=self.excel))

    def text(self, text: str) -> None:
        from graph.output import write_output

        write_output(text, self.path, excel=self.excel)
        if self.path is not None:
            info(f"wrote {self.path}")


# --------------------------------------------------------------------------
# commands


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="sozialgraph")
def main() -> None:
    """Who plans what in a city's social planning, as an RDF knowledge graph.

    Reads the planners' workbook (CSV folder or .xlsx, German or English
    headers), answers which departments share goals and themes (overlaps),
    which themes nobody plans for (gaps), and draws the network as an offline
    HTML page for the next platform session.

    \b
    Start with:
      sozialgraph demo                  # everything, on the bundled Aachen example
      sozialgraph validate --data my-workbook.xlsx
    """


@main.command()
@data_options
def validate(session: Session) -> None:
    """Check a workbook against the schema (exit 0: valid, 1: problems).

    Every problem is reported as FILE:ROW COLUMN: what is wrong, all at once.

    \b
    Example:
      sozialgraph validate --data data/aachen
    """
    from graph.validate import validate as run_validation

    store = session.store
    loaded = session.loaded
    graph = loaded.graph if loaded is not None else store.to_graph()
    problems = run_validation(graph, loaded.locations if loaded is not None else None)
    if loaded is not None:
        for warning in loaded.warnings:
            info(f"warning: {warning}")
    if problems:
        raise DataError(problems)
    click.echo(f"{session.source.describe()}: valid ({len(store):,} triples)")


@main.command()
@data_options
@output_options
def stats(session: Session, out: Output) -> None:
    """Count entities per sheet and links per relation.

    \b
    Example:
      sozialgraph stats --format json
    """
    import json

    from graph.stats import stats as compute

    result = compute(session.store)
    if out.fmt == "json":
        out.text(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.rows(["group", "name", "count"], [[r["group"], r["name"], r["count"]] for r in result.rows()])


@main.command()
@data_options
@click.option(
    "--to", "fmt", type=click.Choice(["ttl", "jsonld", "nt", "xlsx"]), default="ttl", show_default=True
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File [default: stdout]."
)
@click.option(
    "--lang", type=click.Choice(["de", "en"]), default="de", show_default=True, help="xlsx headers."
)
def export(session: Session, fmt: str, output: Path | None, lang: str) -> None:
    """Write the graph as Turtle, JSON-LD, N-Triples or a workbook.

    The workbook (--to xlsx) has the sheets and headers a planner edits; reading
    it back gives the same graph.

    \b
    Examples:
      sozialgraph export --to ttl -o aachen.ttl
      sozialgraph export --to xlsx -o Uebersicht.xlsx
    """
    from graph.files import atomic_write

    if fmt == "xlsx":
        if output is None:
            raise click.UsageError("--to xlsx needs -o FILE.xlsx")
        from graph.workbook import write_workbook

        write_workbook(session.store, output, lang=lang)
    else:
        from graph.export import export_rdf

        data = export_rdf(session.store, fmt)
        if output is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        atomic_write(output, data)
    info(f"wrote {output}")


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("sozialgraph-vorlage.xlsx"),
)
@click.option(
    "--lang",
    type=click.Choice(["de", "en"]),
    default="de",
    show_default=True,
    help="Sheet names and headers.",
)
def template(output: Path, lang: str) -> None:
    """Write a blank workbook with every sheet and column of the schema.

    \b
    Example:
      sozialgraph template -o Uebersicht.xlsx
    """
    from graph.workbook import write_template

    write_template(output, lang=lang)
    info(f"wrote {output}")


@main.command()
@output_options
def queries(out: Output) -> None:
    """List the analyses of the catalogue (name, title, parameters).

    \b
    Example:
      sozialgraph queries
    """
    from graph.catalogue import catalogue

    rows = [
        [
            q.name,
            q.title,
            ", ".join(p.name + (f"={p.default}" if p.default is not None else "") for p in q.params),
        ]
        for q in catalogue()
    ]
    out.rows(["name", "title", "parameters"], rows)


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.UsageError(f"-p expects NAME=VALUE, got {item!r}")
        params[name.strip()] = value
    return params


@main.command()
@click.argument("name")
@click.option(
    "-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeat)."
)
@click.option("--allow-update", is_flag=True, help="Allow INSERT/DELETE/DROP queries (changes the store).")
@data_options
@output_options
def query(session: Session, out: Output, name: str, params: tuple[str, ...], allow_update: bool) -> None:
    """Run a catalogue analysis by NAME, or your own SPARQL file.

    Parameters are bound as values, never pasted into the query text; ids
    (an actor's "FB 56", a theme's "armut") are looked up first.

    \b
    Examples:
      sozialgraph query shared-goals
      sozialgraph query actor-profile -p actor="FB 56"
      sozialgraph query theme-actors -p theme=armut --format md
      sozialgraph query my-question.rq --format csv --excel -o answer.csv
    """
    from graph.query import run_query

    frame = run_query(session.store, name, _parse_params(params), allow_update=allow_update)
    out.frame(frame, empty_message=f"{name}: no rows.")


@main.command()
@data_options
@output_options
def overlaps(session: Session, out: Output) -> None:
    """Which actors share goals and themes, and where many meet.

    \b
    Example:
      sozialgraph overlaps --format md -o overlaps.md
    """
    from graph.query import overlaps as compute

    out.sections(compute(session.store))


@main.command()
@data_options
@output_options
def gaps(session: Session, out: Output) -> None:
    """Themes nobody plans for, and goals, plans and instruments left alone.

    \b
    Example:
      sozialgraph gaps
    """
    from graph.query import gaps as compute

    out.sections(compute(session.store))


def view_options(f: Callable) -> Callable:
    """Options that choose a network view."""
    opts = [
        click.option(
            "--view",
            type=click.Choice(["full", "actors", "focus", "theme"]),
            default=None,
            help="full (everything), actors (who shares goals and themes), focus (around --focus), "
            "theme (around --theme) [default: full, or focus/theme when those are given].",
        ),
        click.option(
            "--focus", metavar="ID", help="Id of the node in the centre (e.g. 'FB 56' or 'theme:armut')."
        ),
        click.option(
            "--depth", type=click.IntRange(1, 10), default=1, show_default=True, help="Hops around --focus."
        ),
        click.option(
            "--theme", metavar="ID", help="Theme id: the theme, its narrower themes and who works on them."
        ),
        click.option(
            "--include", metavar="KINDS", help="Only these node kinds, e.g. 'department,plan,goal'."
        ),
    ]
    for option in reversed(opts):
        f = option(f)
    return f


def _view(session: Session, view: str | None, focus, depth, theme, include):
    from graph.network import view as make_view

    if view is None:
        view = "focus" if focus else "theme" if theme else "full"
    if view == "focus" and not focus:
        raise click.UsageError("--view focus needs --focus ID")
    if view == "theme" and not theme:
        raise click.UsageError("--view theme needs --theme ID")
    kinds = [k.strip() for k in include.split(",") if k.strip()] if include else None
    return view, make_view(session.store, view, focus=focus, depth=depth, theme=theme, include=kinds)


@main.command()
@data_options
@view_options
@output_options
@click.option("--seed", type=int, default=42, show_default=True, help="Seed for communities (runs repeat).")
def metrics(session: Session, out: Output, view, focus, depth, theme, include, seed: int) -> None:
    """Degree, betweenness (who brokers), communities and isolated nodes.

    \b
    Examples:
      sozialgraph metrics --view actors
      sozialgraph metrics --format csv -o metrics.csv
    """
    from graph.metrics import metrics as compute

    _, graph = _view(session, view, focus, depth, theme, include)
    out.frame(compute(graph, seed=seed), empty_message="The view has no nodes.")


@main.command()
@data_options
@view_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("sozialgraph.html"),
    show_default=True,
    help="HTML page (or .graphml / .gexf for other tools).",
)
@click.option("--title", help="Page title [default: from the view].")
@click.option(
    "--max-nodes", type=click.IntRange(10), default=1500, show_default=True, help="Reduce larger views."
)
@click.option("--open", "open_page", is_flag=True, help="Open the page in the browser.")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed for layout and communities.")
def network(
    session: Session, view, focus, depth, theme, include, output: Path, title, max_nodes, open_page, seed
):
    """Draw the network as one offline HTML page (or GraphML/GEXF).

    The page embeds every script and style: it opens from a USB stick on a
    laptop with no network.

    \b
    Examples:
      sozialgraph network -o aachen.html
      sozialgraph network --view actors -o akteure.html --open
      sozialgraph network --focus "FB 56" --depth 2 -o fb56.html
      sozialgraph network --theme armut -o armut.html
      sozialgraph network -o aachen.graphml
    """
    from graph.views import write_view

    name, graph = _view(session, view, focus, depth, theme, include)
    report = write_view(
        graph, output, view=name, focus=focus, theme=theme, title=title, max_nodes=max_nodes, seed=seed
    )
    if report.message:
        info(report.message)
    info(f"wrote {output}")
    if open_page:
        click.launch(str(output))


@main.command()
@data_options
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("sozialgraph-demo"),
    show_default=True,
    help="Folder for the pages and tables.",
)
def demo(session: Session, out_dir: Path) -> None:
    """Show what sozialgraph is for, on the bundled example (or --data).

    Validates the data, prints the headline overlaps and gaps, writes the
    network views and the metrics into a folder and says what to open.

    \b
    Example:
      sozialgraph demo
      sozialgraph demo --data my-workbook.xlsx -o demo-out
    """
    from graph.demo import run_demo

    run_demo(session, out_dir, echo=click.echo, info=info, width=shutil.get_terminal_size((80, 24)).columns)


@main.command()
@click.option(
    "--data",
    type=click.Path(exists=True, path_type=Path),
    envvar="SOZIALGRAPH_DATA",
    required=True,
    help="Workbook folder, .xlsx workbook or RDF file (.ttl, .nt, .jsonld) to load.",
)
@click.option(
    "--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), help="On-disk store folder."
)
@click.option("--endpoint", metavar="URL", help="Push into this SPARQL server instead (needs update rights).")
@click.option("--update-endpoint", metavar="URL", help="SPARQL update endpoint [default: --endpoint].")
@click.option(
    "--graph", "graph_iri", metavar="IRI", help="Named graph on the endpoint [default: the project's]."
)
@click.option("--user", metavar="NAME")
@click.option("--password", metavar="SECRET", envvar="SOZIALGRAPH_PASSWORD")
@click.option("--base", metavar="IRI", help="Base IRI for the entities [default: from the data's name].")
@click.option("--replace", is_flag=True, help="Empty the store (or the endpoint's graph) first.")
@click.option("--timeout", type=float, default=30.0, show_default=True)
def load(
    data: Path, store_dir, endpoint, update_endpoint, graph_iri, user, password, base, replace, timeout
) -> None:
    """Load data once into an on-disk store or a SPARQL server.

    Afterwards every command takes --store DIR (or --endpoint URL) and starts
    without reading the spreadsheets again. Large N-Triples files are bulk-loaded.

    \b
    Examples:
      sozialgraph load --data data/aachen --store aachen.store
      sozialgraph gaps --store aachen.store
      sozialgraph load --data land.nt --endpoint http://localhost:8890/sparql
    """
    from graph.bulk import load_into

    if bool(store_dir) == bool(endpoint):
        raise click.UsageError("give exactly one of --store DIR and --endpoint URL")
    if not endpoint:
        from graph.offline import forbid_network, permit_network

        forbid_network()
        click.get_current_context().call_on_close(permit_network)
    size = data.stat().st_size if data.is_file() else 0
    with click.progressbar(length=size, label="loading", file=sys.stderr) as bar:
        report = load_into(
            data,
            store_dir=store_dir,
            endpoint=endpoint,
            update_endpoint=update_endpoint,
            user=user,
            password=password,
            base=base,
            replace=replace,
            timeout=timeout,
            graph_iri=graph_iri,
            progress=bar.update,
        )
    info(str(report))


@main.command()
@click.option("--municipalities", "-n", type=click.IntRange(1), default=10, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help="Folder (csv) or file (nt)."
)
@click.option("--to", "fmt", type=click.Choice(["csv", "nt"]), default="csv", show_default=True)
def generate(municipalities: int, seed: int, output: Path, fmt: str) -> None:
    """Write synthetic municipalities for tests and benchmarks.

    Each has about 40 actors, 30 plans, 150 goals and 40 instruments over one
    shared theme scheme: about 3,000 triples per municipality.

    \b
    Examples:
      sozialgraph generate -n 3 -o synthetic/
      sozialgraph generate -n 350 --to nt -o land.nt
    """
    from graph.generate import generate as run

    report = run(municipalities, seed, output, fmt=fmt)
    info(str(report))


if __name__ == "__main__":  # pragma: no cover
    main(prog_name=os.path.basename(sys.argv[0]) or "sozialgraph")
