"""The sozialgraph command line: options in, calls into graph/, data out.

stdout carries data only; progress, warnings and "wrote …" go to stderr.
Exit codes: 0 ok, 1 problems in the data or a failed query, 2 usage error.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from commands import analysis, data, exchange, views
from graph import __version__
from graph.errors import DataError, SozialgraphError, UsageError

__all__ = ["main"]


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


for _command in (
    data.validate,
    data.stats,
    analysis.overlaps,
    analysis.gaps,
    analysis.queries,
    analysis.query,
    views.network,
    views.metrics,
    views.demo,
    data.export,
    data.load,
    data.template,
    data.generate,
    exchange.oparl,
):
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    main(prog_name=os.path.basename(sys.argv[0]) or "sozialgraph")
