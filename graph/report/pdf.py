"""HTML to PDF through headless Chromium: the page loaded from a file, its network and scripts switched off.

Why Chromium and not WeasyPrint: Chromium is the engine the project already
depends on for its pages and tests (Debian ``chromium``, installed by CI), it
prints the report exactly as a browser shows it (inline SVG, CSS tables,
``@page`` margin boxes for the running header and page numbers since
Chromium 131), and it needs no Python package at run time — only the program.
WeasyPrint would be a second layout engine with its own CSS and SVG support to
test against, and it needs Pango and other system libraries as well.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from graph.errors import SozialgraphError
from graph.files import atomic_write

__all__ = ["BROWSERS", "ENV", "RenderFailed", "RendererMissing", "find_chromium", "html_to_pdf"]

#: Programs tried, in this order, on PATH.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
#: An environment variable naming the program (a path or a name on PATH) instead.
ENV = "SOZIALGRAPH_CHROMIUM"
#: Seconds Chromium may take to print.
TIMEOUT = 120.0

# No network: every host resolves to nothing and every connection (loopback too)
# goes to a proxy on the discard port, which refuses it. No profile of the user's
# (a fresh one in a temporary folder), no background services. Scripts are not
# switched off by a flag (Chromium 156 then prints nothing); the report holds no
# script and its CSP forbids every script and load. The sandbox is off because
# Chromium refuses to start as root with it and needs user namespaces many
# containers lack; the page is a local file this program wrote.
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--disable-domain-reliability",
    "--disable-breakpad",
    "--metrics-recording-only",
    "--mute-audio",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--no-pdf-header-footer",
)


class RendererMissing(SozialgraphError):
    """No Chromium to print a PDF with."""


class RenderFailed(SozialgraphError):
    """Chromium ran but wrote no PDF."""


def find_chromium() -> str | None:
    """The Chromium program: ``$SOZIALGRAPH_CHROMIUM`` if set, else the first of :data:`BROWSERS` on PATH.

    Raises :class:`RendererMissing` when the variable names no program.
    """
    named = os.environ.get(ENV, "").strip()
    if named:
        found = shutil.which(named)
        if found is None:
            raise RendererMissing(f"${ENV} names {named!r}, which is not a program")
        return found
    for name in BROWSERS:
        found = shutil.which(name)
        if found is not None:
            return found
    return None


def html_to_pdf(html_file: Path, pdf: Path, *, chromium: str | None = None, timeout: float = TIMEOUT) -> Path:
    """Print ``html_file`` to ``pdf`` (A4, as its print style says) with headless Chromium.

    The PDF is written to a temporary folder first and then put in place whole
    (:func:`graph.files.atomic_write`); on any failure ``pdf`` is untouched.
    Raises :class:`RendererMissing` without Chromium, :class:`RenderFailed`
    when it writes no PDF in ``timeout`` seconds.
    """
    program = chromium or find_chromium()
    if program is None:
        raise RendererMissing(
            "no Chromium to print the PDF with (looked for "
            + ", ".join(BROWSERS)
            + f" on PATH, and ${ENV}); "
            "install it (Debian/Ubuntu: apt-get install chromium) or name it with " + ENV
        )
    with tempfile.TemporaryDirectory(prefix="sozialgraph-pdf-") as tmp:
        out = Path(tmp) / "report.pdf"
        args = [
            program,
            *_FLAGS,
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--print-to-pdf={out}",
            Path(html_file).resolve().as_uri(),
        ]
        proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped whole on timeout or Ctrl-C
        )
        try:
            log, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(proc)
            raise RenderFailed(f"{program} did not finish the PDF within {timeout:g} seconds") from None
        except BaseException:
            _stop(proc)
            raise
        data = out.read_bytes() if out.exists() else b""
        if proc.returncode != 0 or not data.startswith(b"%PDF"):
            tail = " | ".join(
                line for line in log.decode("utf-8", "replace").splitlines()[-3:] if line.strip()
            )
            raise RenderFailed(f"{program} wrote no PDF (exit code {proc.returncode}): {tail or 'no output'}")
    return atomic_write(pdf, data)


def _stop(proc: subprocess.Popen) -> None:
    """End Chromium and the processes it started (its own process group), and wait for it."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows has no process groups of this kind
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()
