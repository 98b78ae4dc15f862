"""Options shared by the commands, their checked types, and where output goes (stdout or a file)."""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import click
from click.core import ParameterSource

from commands.types import IRI, SECONDS, TEXT, URL, undecodable
from graph.analysis.scopes import SCOPES
from graph.errors import UsageError
from graph.files import format_for
from graph.output import FORMATS
from graph.session import ENGINES, Session, Source

__all__ = [
    "FORMATS",
    "Output",
    "check_target",
    "data_options",
    "given",
    "info",
    "output_options",
    "parse_params",
    "parse_statuses",
    "question_options",
    "view_graph",
    "view_options",
]


def given(name: str, value):
    """``value`` if the user gave option ``name`` (command line or environment), else None."""
    source = click.get_current_context().get_parameter_source(name)
    return None if source in (None, ParameterSource.DEFAULT) else value


def check_target(path: Path | None, *, folder: bool = False) -> None:
    """Refuse to write a file onto a folder, onto the command's input, or into its folder.

    (Inputs are never changed; ``-o`` of a folder-writing command goes through
    :func:`graph.files.output_folder` instead.)
    """
    if path is None:
        return
    text = os.fspath(path)
    if not folder and (not text.strip() or Path(text).is_dir()):
        raise UsageError(f"-o {text!r} is a folder; name a file")
    target = Path(os.path.realpath(path))
    for source in click.get_current_context().meta.get("sozialgraph.inputs", ()):
        source = Path(os.path.realpath(source))
        if target == source or source in target.parents:
            where = "is the input" if target == source else f"is inside the input folder {source}"
            raise UsageError(f"-o {path}: {where}; sozialgraph never changes its input. Write elsewhere")


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
        ctx.meta["sozialgraph.inputs"] = [p for p in (data, store_dir) if p is not None]
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
        click.option(
            "--endpoint", type=URL, metavar="URL", help="SPARQL 1.1 query endpoint that holds the graph."
        ),
        click.option(
            "--update-endpoint", type=URL, metavar="URL", help="SPARQL update endpoint [default: --endpoint]."
        ),
        click.option(
            "--graph",
            "graph_iri",
            type=IRI,
            metavar="IRI",
            help="The endpoint's catalogue graph; its datasets are named below it [default: https://w3id.org/sozialgraph/graph].",
        ),
        click.option("--user", type=TEXT, metavar="NAME", help="User name for the endpoint."),
        click.option(
            "--password",
            type=TEXT,
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
            "--base",
            type=IRI,
            metavar="IRI",
            help="Base IRI for the entities [default: from the data's name].",
        ),
        click.option(
            "--timeout",
            type=SECONDS,
            default=30.0,
            show_default=True,
            help="Seconds an endpoint may take for one request, all of it.",
        ),
        click.option(
            "--dataset",
            type=TEXT,
            metavar="NAME",
            help="The dataset's name with --data [default: from the file name]; with --store or "
            "--endpoint the datasets to ask about, comma-separated [default: all].",
        ),
        *question_options(),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def question_options() -> list[Callable]:
    """``--status`` and ``--as-of``: which plans and instruments count, on which day."""
    return [
        click.option(
            "--status",
            type=TEXT,
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


def scope_option(help: str) -> Callable:
    """``--scope``: which actors are paired, or what a row stands for (:data:`graph.analysis.scopes.SCOPES`)."""
    return click.option(
        "--scope", "pair_scope", type=click.Choice(SCOPES), default="auto", show_default=True, help=help
    )


def parse_statuses(text: str):
    """``--status`` as status keys; a wrong name is a usage error (exit 2)."""
    from graph.analysis.rules import parse_statuses as parse

    return parse(text)


def output_options(f: Callable | None = None, *, formats: tuple[str, ...] = FORMATS) -> Callable:
    """``--format``, ``-o`` and ``--excel``; passes ``out`` (an :class:`Output`).

    ``-o FILE`` writes the format its suffix names (``.csv``, ``.json``, ``.md``,
    ``.txt``, ``.xlsx``); a ``--format`` that says otherwise is a usage error.
    ``@output_options(formats=(*FORMATS, "html"))`` lets a command write more.
    """
    if f is None:
        return functools.partial(output_options, formats=formats)

    @functools.wraps(f)
    def wrapper(*args, fmt, output, excel, **kw):
        chosen = format_for(output, given("fmt", fmt) or ("csv" if excel else None), formats, "table")
        if excel and chosen != "csv":
            raise click.UsageError("--excel goes with --format csv (or -o FILE.csv)")
        if chosen == "xlsx" and output is None:
            raise click.UsageError("xlsx is a workbook: write it to a file with -o FILE.xlsx")
        check_target(output)
        return f(*args, out=Output(chosen, output, excel), **kw)

    wrapper = click.option(
        "--excel", is_flag=True, help="CSV for German Excel: UTF-8 with BOM, ';' delimiter, decimal comma."
    )(wrapper)
    wrapper = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to FILE instead of stdout, in the format its suffix names.",
    )(wrapper)
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(formats),
        default="table",
        help="Output format [default: from -o's suffix, else table]; xlsx only with -o.",
    )(wrapper)


class Output:
    """Where and how a command writes its table(s)."""

    def __init__(self, fmt: str, path: Path | None, excel: bool):
        self.fmt, self.path, self.excel = fmt, path, excel

    @property
    def width(self) -> int:
        return shutil.get_terminal_size((80, 24)).columns if self.path is None else 10_000

    def frame(self, df, empty_message: str = "No rows.", name: str = "results") -> None:
        if self.fmt == "xlsx":
            self.rows(list(df.columns), list(df.itertuples(index=False, name=None)), name=name)
            return
        from graph.output import format_frame

        self.text(format_frame(df, self.fmt, width=self.width, empty_message=empty_message, excel=self.excel))

    def rows(
        self, columns: list[str], rows: list, name: str = "results", empty_message: str = "No rows."
    ) -> None:
        from graph.output import format_rows, xlsx_rows

        if self.fmt == "xlsx":
            self._write(xlsx_rows(name, columns, rows))
        else:
            self.text(
                format_rows(
                    columns, rows, self.fmt, width=self.width, empty_message=empty_message, excel=self.excel
                )
            )

    def sections(self, sections) -> None:
        from graph.output import format_sections, xlsx_sections

        if self.fmt == "xlsx":
            self._write(xlsx_sections(sections))
        else:
            self.text(format_sections(sections, self.fmt, width=self.width, excel=self.excel))

    def text(self, text: str) -> None:
        self._write(text)

    def _write(self, data: str | bytes) -> None:
        from graph.output import write_output

        json_text = self.fmt == "json"
        replaced = write_output(data, self.path, excel=self.excel, json_text=json_text)
        if replaced and not json_text:  # JSON escapes lose nothing
            import sys

            encoding = getattr(sys.stdout, "encoding", None) or "?"
            info(
                f"warning: the output's encoding ({encoding}) cannot show {replaced} character"
                f"{'s' if replaced != 1 else ''}; they were written as '?'. -o FILE writes UTF-8"
            )
        if self.path is not None:
            info(f"wrote {self.path}")


def view_options(f: Callable) -> Callable:
    """Options that choose a network view."""
    opts = [
        click.option(
            "--view",
            type=click.Choice(["full", "actors", "focus", "theme", "land"]),
            default=None,
            help="full (everything), actors (who shares goals and themes), focus (around --focus), "
            "theme (around --theme), land (municipalities and the themes their plans cover) "
            "[default: full, or focus/theme when those are given].",
        ),
        click.option(
            "--focus",
            type=TEXT,
            metavar="ID",
            help="Id of the node in the centre (e.g. 'FB 56' or 'theme:armut').",
        ),
        click.option(
            "--depth", type=click.IntRange(1, 10), default=1, show_default=True, help="Hops around --focus."
        ),
        click.option(
            "--theme",
            type=TEXT,
            metavar="ID",
            help="Theme id: the theme, its narrower themes and who works on them.",
        ),
        click.option(
            "--include",
            type=TEXT,
            metavar="KINDS",
            help="Only these node kinds, e.g. 'department,plan,goal'.",
        ),
    ]
    for option in reversed(opts):
        f = option(f)
    return f


def view_graph(session: Session, view: str | None, focus, depth, theme, include, **extra):
    """The view the options name, as (view name, networkx graph); ``extra`` goes to the view."""
    from graph.views.projection import view as make_view

    if view is None:
        view = "focus" if focus else "theme" if theme else "full"
    if view == "focus" and not focus:
        raise click.UsageError("--view focus needs --focus ID")
    if view == "theme" and not theme:
        raise click.UsageError("--view theme needs --theme ID")
    kinds = [k.strip() for k in include.split(",") if k.strip()] if include else None
    return view, make_view(session.store, view, focus=focus, depth=depth, theme=theme, include=kinds, **extra)


def parse_params(values: Iterable[str]) -> dict[str, str]:
    """``-p NAME=VALUE`` options as a dict; a malformed or undecodable one is a usage error."""
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.UsageError(f"-p expects NAME=VALUE, got {item!r}")
        problem = undecodable(name) or undecodable(value)
        if problem:
            raise click.UsageError(f"-p {name.strip()}: {problem}")
        params[name.strip()] = value
    return params
