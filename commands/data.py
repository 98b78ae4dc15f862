"""Commands that read, check, load and write data: validate, stats, export, template, load, generate."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from commands.options import Output, data_options, info, output_options
from graph.errors import DataError
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
    from graph.io.validate import validate as run_validation

    store = session.store
    loaded = session.loaded
    graph = loaded.graph if loaded is not None else store.to_graph()
    problems = run_validation(graph, loaded.locations if loaded is not None else None)
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


@click.command()
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
        from graph.io.workbook import write_workbook

        write_workbook(session.store, output, lang=lang)
    else:
        from graph.io.export import export_rdf

        data = export_rdf(session.store, fmt)
        if output is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        atomic_write(output, data)
    info(f"wrote {output}")


@click.command()
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
    from graph.io.workbook import write_template

    write_template(output, lang=lang)
    info(f"wrote {output}")


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
@click.option("--endpoint", metavar="URL", help="Push into this SPARQL server instead (needs update rights).")
@click.option("--update-endpoint", metavar="URL", help="SPARQL update endpoint [default: --endpoint].")
@click.option(
    "--graph",
    "graph_iri",
    metavar="IRI",
    help="The server's catalogue graph; datasets are named below it [default: https://w3id.org/sozialgraph/graph].",
)
@click.option("--user", metavar="NAME")
@click.option("--password", metavar="SECRET", envvar="SOZIALGRAPH_PASSWORD")
@click.option("--base", metavar="IRI", help="Base IRI for the entities [default: from the dataset's name].")
@click.option("--timeout", type=float, default=30.0, show_default=True)
def load(
    data: Path, dataset, store_dir, endpoint, update_endpoint, graph_iri, user, password, base, timeout
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
    """
    from graph.session import Source, load_into

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
        dataset=dataset,
    )
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
    from graph.io.generate import generate as run

    report = run(municipalities, seed, output, fmt=fmt)
    info(str(report))
