"""Commands that read, check, load and write data: validate, stats, export, template, load, generate."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from commands.options import (
    Output,
    check_target,
    data_options,
    given,
    info,
    output_options,
)
from commands.types import IRI, SECONDS, TEXT, URL
from graph.errors import DataError
from graph.files import format_for
from graph.session import Session

__all__ = ["datasets", "export", "generate", "load", "stats", "template", "validate"]


@click.command()
@data_options
def validate(session: Session) -> None:
    """Check a workbook against the schema (exit 0: valid, 1: problems).

    Every problem is reported as FILE:ROW COLUMN: what is wrong, all at once.

    \b
    Example:
      sozialgraph validate --data data/aachen
    """
    from graph.io.shape_checks import check_view

    store = session.store  # reading --data checks it completely
    problems = check_view(store, session.source.prefix, session.loaded)
    if problems:
        raise DataError(problems)
    click.echo(f"{session.source.describe()}: valid ({len(store):,} triples)")


@click.command()
@data_options
@output_options
def stats(session: Session, out: Output) -> None:
    """Count entities per sheet and links per relation.

    \b
    Example:
      sozialgraph stats --format json
    """
    import json

    from graph.analysis.stats import stats as compute

    result = compute(session.store)
    if out.fmt == "json":
        out.text(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.rows(["group", "name", "count"], [[r["group"], r["name"], r["count"]] for r in result.rows()])


#: What ``export --to`` writes.
EXPORT_FORMATS = ("ttl", "jsonld", "nt", "xlsx")


@click.command()
@data_options
@click.option(
    "--to",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="ttl",
    help="Format [default: from -o's suffix, else ttl].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File, in the format its suffix names [default: stdout].",
)
@click.option(
    "--lang", type=click.Choice(["de", "en"]), default="de", show_default=True, help="xlsx headers."
)
@click.option(
    "--allow-loss",
    is_flag=True,
    help="xlsx: write the workbook even where it cannot carry the graph (what is left out is listed).",
)
def export(session: Session, fmt: str, output: Path | None, lang: str, allow_loss: bool) -> None:
    """Write the graph as Turtle, JSON-LD, N-Triples or a workbook.

    The workbook (--to xlsx) has the sheets and headers a planner edits and
    carries what the workbook schema describes. It is read back before it is
    written: if it would not give the same graph (extra RDF with other
    properties, blank nodes, language-tagged texts), the export lists what it
    cannot carry and writes nothing, unless --allow-loss. Cells a workbook
    cannot hold (control characters, more than 32,767 characters) are refused
    with their place. Text never becomes a formula.

    \b
    Examples:
      sozialgraph export --to ttl -o aachen.ttl
      sozialgraph export -o Uebersicht.xlsx
    """
    from graph.output import write_output

    fmt = format_for(output, given("fmt", fmt), EXPORT_FORMATS, "ttl")
    check_target(output)
    if fmt == "xlsx":
        if output is None:
            raise click.UsageError("--to xlsx needs -o FILE.xlsx")
        from graph.io.workbook import write_workbook

        for loss in write_workbook(session.store, output, lang=lang, allow_loss=allow_loss):
            info(f"warning: left out {loss}")
    else:
        from graph.io.export import export_rdf

        write_output(export_rdf(session.store, fmt), output)
        if output is None:
            return
    info(f"wrote {output}")


@click.command()
@data_options
@click.option(
    "--for",
    "actor",
    type=TEXT,
    metavar="ACTOR",
    help="An actor's id: a partner workbook prefilled with its part of the overview (--data, --store or "
    "--endpoint; every status counts unless --status).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("sozialgraph-vorlage.xlsx"),
    show_default=True,
)
@click.option(
    "--lang",
    type=click.Choice(["de", "en"]),
    default="de",
    show_default=True,
    help="Sheet names, headers and the explanation sheet.",
)
def template(session: Session, actor: str | None, output: Path, lang: str) -> None:
    """Write a workbook to fill in: blank, or prefilled for one partner (--for ACTOR).

    Both have an explanation sheet (# Anleitung, from the schema) and dropdowns
    for type, status and references. A partner workbook holds what the
    overview knows about the actor: the plans it leads or partners, the goals
    it works on, the instruments it leads, the events it organises or attends,
    itself, every theme and actor, and the rows these name. Its own rows are
    marked (# Eintrag); a hidden tab records what was sent, for 'merge'.

    \b
    Examples:
      sozialgraph template -o Uebersicht.xlsx
      sozialgraph template --for "FB 56" --data Uebersicht.xlsx -o FB56.xlsx
    """
    format_for(output, None, ["xlsx"], "xlsx")
    if actor is None:
        from click.core import ParameterSource

        ctx = click.get_current_context()
        for name in ("data", "store_dir", "endpoint"):
            if ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE:
                raise click.UsageError(
                    "--data, --store and --endpoint go with --for ACTOR (a partner workbook)"
                )
        from graph.io.workbook import write_template

        write_template(output, lang=lang)
        info(f"wrote {output}")
        return
    from graph.exchange.partner import write_partner_workbook

    check_target(output)
    if session.source.statuses is None:  # the partner sees all its plans, also proposed and ended ones
        from dataclasses import replace

        from graph.analysis.rules import parse_statuses

        session = Session(replace(session.source, statuses=parse_statuses("all")), notify=session.notify)
        click.get_current_context().call_on_close(session.close)
    source = _shown_source(session)
    part = write_partner_workbook(session.store, actor, output, lang, source=source)
    rows = sum(len(r) for r in part.rows.values())
    owned = sum(len(o) for o in part.owned.values())
    info(f"wrote {output}: {rows} rows, {owned} of them {part.actor}'s own")


def _shown_source(session: Session) -> str:
    """Where the overview comes from, as the partner may see it: a file's name, a server without credentials."""
    from urllib.parse import urlsplit

    if session.source.endpoint:
        url = urlsplit(session.source.endpoint)
        return url._replace(netloc=url.netloc.rpartition("@")[2], query="", fragment="").geturl()
    return Path(session.source.describe()).name


@click.command()
@click.option(
    "--data",
    type=click.Path(exists=True, path_type=Path),
    envvar="SOZIALGRAPH_DATA",
    required=True,
    help="Workbook folder, .xlsx workbook or RDF file (.ttl, .nt, .jsonld) to load.",
)
@click.option(
    "--dataset",
    metavar="NAME",
    required=True,
    help="The dataset's name (e.g. the town); loading the same name again replaces the dataset.",
)
@click.option(
    "--store", "store_dir", type=click.Path(file_okay=False, path_type=Path), help="On-disk store folder."
)
@click.option(
    "--endpoint", type=URL, metavar="URL", help="Push into this SPARQL server instead (needs update rights)."
)
@click.option(
    "--update-endpoint", type=URL, metavar="URL", help="SPARQL update endpoint [default: --endpoint]."
)
@click.option(
    "--graph",
    "graph_iri",
    type=IRI,
    metavar="IRI",
    help="The server's catalogue graph; datasets are named below it [default: https://w3id.org/sozialgraph/graph].",
)
@click.option(
    "--graph-store",
    type=URL,
    metavar="URL",
    help="The server's SPARQL 1.1 Graph Store endpoint: the graphs go there in bulk "
    "(Virtuoso: http://HOST:8890/sparql-graph-crud-auth) instead of INSERT DATA in small pieces.",
)
@click.option("--user", type=TEXT, metavar="NAME")
@click.option("--password", type=TEXT, metavar="SECRET", envvar="SOZIALGRAPH_PASSWORD")
@click.option(
    "--base", type=IRI, metavar="IRI", help="Base IRI for the entities [default: from the dataset's name]."
)
@click.option(
    "--timeout",
    type=SECONDS,
    default=30.0,
    show_default=True,
    help="Seconds an endpoint may take for one request, all of it.",
)
def load(
    data: Path,
    dataset,
    store_dir,
    endpoint,
    update_endpoint,
    graph_iri,
    graph_store,
    user,
    password,
    base,
    timeout,
) -> None:
    """Load a dataset once into an on-disk store or a SPARQL server.

    The dataset is read and checked completely first; then it replaces the
    dataset of the same name (other datasets stay), in one step: a load that
    is cut off leaves the previous state. Afterwards every command takes
    --store DIR (or --endpoint URL) and starts without reading the files again.

    \b
    Examples:
      sozialgraph load --data data/aachen --dataset aachen --store land.store
      sozialgraph gaps --store land.store
      sozialgraph datasets --store land.store
      sozialgraph load --data land.nt --dataset land --endpoint http://localhost:8890/sparql
      sozialgraph load --data land.nt --dataset land --endpoint http://localhost:8890/sparql \\
        --graph-store http://localhost:8890/sparql-graph-crud-auth --user dba
    """
    from graph.loading import load_into
    from graph.session import Source

    if bool(store_dir) == bool(endpoint):
        raise click.UsageError("give exactly one of --store DIR and --endpoint URL")
    if not endpoint:
        from graph.offline import forbid_network, permit_network

        forbid_network()
        click.get_current_context().call_on_close(permit_network)
    source = Source(
        store_dir=store_dir,
        endpoint=endpoint,
        update_endpoint=update_endpoint,
        user=user,
        password=password,
        base=base,
        timeout=timeout,
        graph_iri=graph_iri,
        graph_store=graph_store,
        dataset=dataset,
    )
    if graph_store and not endpoint:
        raise click.UsageError("--graph-store goes with --endpoint")
    size = data.stat().st_size if data.is_file() else 0
    with click.progressbar(length=size, label="loading", file=sys.stderr) as bar:
        report = load_into(source, data, progress=bar.update)
    info(str(report))


@click.command()
@data_options
@output_options
def datasets(session: Session, out: Output) -> None:
    """List the datasets a store (or endpoint, or --data) holds.

    \b
    Examples:
      sozialgraph datasets --store land.store
      sozialgraph datasets --endpoint http://localhost:8890/sparql --format json
    """
    from graph.analysis.rules import status_label

    session.store  # noqa: B018 - opens the target
    rows = []
    for d in session.datasets:
        statuses = sorted({status_label(p.status) for p in d.partitions if p.status})
        rows.append([d.name, d.triples, d.loaded, d.source, ", ".join(statuses)])
    out.rows(["dataset", "triples", "loaded", "source", "derived for statuses"], rows)


@click.command()
@click.option("--municipalities", "-n", type=click.IntRange(1), default=10, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder (csv; new, empty or written by generate) or file (nt).",
)
@click.option(
    "--to",
    "fmt",
    type=click.Choice(["csv", "nt"]),
    default="csv",
    help="Format [default: nt for -o FILE.nt, else csv].",
)
def generate(municipalities: int, seed: int, output: Path, fmt: str) -> None:
    """Write synthetic municipalities for tests and benchmarks.

    Each has 40 actors, 30 plans, 150 goals, 40 instruments and 2 events over
    one shared theme scheme: about 2,700 triples per municipality. A folder is
    replaced only if it is empty or an earlier generate wrote it.

    \b
    Examples:
      sozialgraph generate -n 3 -o synthetic/
      sozialgraph generate -n 350 --to nt -o land.nt
    """
    from graph.io.generate import generate as run

    fmt = format_for(output, given("fmt", fmt), ["csv", "nt"], "csv")
    report = run(municipalities, seed, output, fmt=fmt)
    info(str(report))
