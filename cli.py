"""The sozialgraph command line: options in, calls into graph/, data out.

stdout carries data only; progress, warnings and "wrote …" go to stderr.
Exit codes: 0 ok, 1 problems in the data or a failed query, 2 usage error.
No traceback reaches the user: domain errors become one-line messages here,
and anything else is reported as an internal error (``SOZIALGRAPH_DEBUG=1``
shows its traceback).
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

import click

from commands import analysis, committee, data, exchange, views
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
            raise click.ClickException(
                f"{n} problem{'s' if n != 1 else ''} in {exc.where}:\n{lines}"
            ) from None
        except SozialgraphError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            name = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{name}{exc.strerror or exc}") from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if os.environ.get("SOZIALGRAPH_DEBUG"):
                raise
            raise click.ClickException(
                f"internal error ({type(exc).__name__}: {exc}). This is a bug in sozialgraph; please "
                "report it with the command you ran (SOZIALGRAPH_DEBUG=1 shows the traceback)"
            ) from None


def _console() -> None:
    """Make printing safe and interruptions clean for the run of one command.

    Text the console's encoding cannot show (``PYTHONIOENCODING=cp1252``) is
    printed as ``?`` instead of crashing; SIGTERM ends the run like Ctrl-C, so
    temporary files are removed on the way out.
    """
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=errors)
    try:
        previous = signal.signal(signal.SIGTERM, _terminated)
    except ValueError:  # not the main thread
        return
    click.get_current_context().call_on_close(lambda: signal.signal(signal.SIGTERM, previous))


def _terminated(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


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
    _console()


for _command in (
    data.validate,
    data.stats,
    analysis.overlaps,
    analysis.gaps,
    analysis.coverage,
    analysis.queries,
    analysis.query,
    views.network,
    views.metrics,
    views.present,
    views.demo,
    committee.report,
    committee.teams,
    data.export,
    data.load,
    data.datasets,
    data.template,
    data.generate,
    exchange.oparl,
    exchange.diff,
    exchange.merge,
):
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    main(prog_name=os.path.basename(sys.argv[0]) or "sozialgraph")
