"""Options shared by the commands, and where their output goes (stdout or a file)."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable
from pathlib import Path

import click

from graph.session import ENGINES, Session, Source

__all__ = [
    "FORMATS",
    "Output",
    "data_options",
    "info",
    "output_options",
    "parse_params",
    "view_graph",
    "view_options",
]

FORMATS = ("table", "csv", "json", "md")


def info(message: str) -> None:
    """Say something to the person at the terminal (stderr, never stdout)."""
    click.echo(message, err=True)


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
        dataset,
        status,
        as_of,
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
            dataset=dataset,
            statuses=parse_statuses(status) if status else None,
            as_of=as_of.date() if as_of else None,
        )
        session = Session(source, notify=lambda text: info(f"warning: {text}"))
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
        click.option(
            "--dataset",
            metavar="NAME",
            help="The dataset's name with --data [default: from the file name]; with --store or "
            "--endpoint the datasets to ask about, comma-separated [default: all].",
        ),
        click.option(
            "--status",
            metavar="LIST",
            help="Plans and instruments of which status count, e.g. 'aktiv,geplant,vorgeschlagen' or "
            "'all' [default: aktiv,geplant].",
        ),
        click.option(
            "--as-of",
            "as_of",
            type=click.DateTime(formats=["%Y-%m-%d", "%d.%m.%Y"]),
            help="The day the question is asked for: a plan whose end lies before it counts as ended "
            "[default: today].",
        ),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def parse_statuses(text: str):
    """``--status`` as status keys; a wrong name is a usage error (exit 2)."""
    from graph.analysis.rules import parse_statuses as parse

    return parse(text)


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


def view_graph(session: Session, view: str | None, focus, depth, theme, include):
    """The view the options name, as (view name, networkx graph)."""
    from graph.views.network import view as make_view

    if view is None:
        view = "focus" if focus else "theme" if theme else "full"
    if view == "focus" and not focus:
        raise click.UsageError("--view focus needs --focus ID")
    if view == "theme" and not theme:
        raise click.UsageError("--view theme needs --theme ID")
    kinds = [k.strip() for k in include.split(",") if k.strip()] if include else None
    return view, make_view(session.store, view, focus=focus, depth=depth, theme=theme, include=kinds)


def parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.UsageError(f"-p expects NAME=VALUE, got {item!r}")
        params[name.strip()] = value
    return params
