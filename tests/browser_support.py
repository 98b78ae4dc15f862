"""Open a local HTML file in headless Debian Chromium with every network request blocked and recorded.

Without Chromium (or Playwright) the browser tests are skipped with the reason
and the command that installs it; CI sets ``SOZIALGRAPH_REQUIRE_ALL=1``, which
turns such skips into failures (``tests/conftest.py``).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

__all__ = ["CHROMIUM_ARGS", "OUTPUT_DIR", "BrowserSession", "PageRun", "browser_session", "chromium_path"]

OUTPUT_DIR = Path(__file__).resolve().parents[1] / "test-output"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def chromium_path() -> str:
    """Path of the system Chromium (found on PATH); skips the test, saying why, when it is missing."""
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("Chromium is not installed (no 'chromium' on PATH): apt-get install chromium")
    return path


@dataclass
class PageRun:
    """A page that finished drawing, and what happened while it loaded."""

    page: Any
    url: str
    node_count: int = 0
    edge_count: int = 0
    drawn_nodes: int = 0
    drawn_edges: int = 0
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    ready_seconds: float = 0.0

    def snap(self, name: str) -> Path:
        """Save a screenshot as ``test-output/<name>.png``."""
        OUTPUT_DIR.mkdir(exist_ok=True)
        path = OUTPUT_DIR / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


class BrowserSession:
    """One headless Chromium; :meth:`open` gives each file its own isolated context."""

    def __init__(self) -> None:
        executable = chromium_path()
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:  # pragma: no cover - the test extra installs it
            pytest.skip("Playwright is not installed: pip install '.[test]'")
        self._pw = sync_playwright().start()
        try:
            self._browser = self._pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception as exc:
            self._pw.stop()
            pytest.fail(f"Chromium at {executable} did not start: {exc}", pytrace=False)
        self._contexts: list[Any] = []

    def open(
        self,
        html_path: str | Path,
        name: str,
        *,
        viewport: tuple[int, int] = (1920, 1080),
        timeout_ms: int = 60_000,
        wait_ready: bool = True,
    ) -> PageRun:
        """Load ``html_path``, wait for ``window.sozialgraph.ready`` and take a screenshot.

        ``PageRun.ready_seconds`` is the time from starting to load the page until it
        was ready (layout settled, labels placed, first drawing done).

        Only the page's own ``file://`` URL is allowed; every other request (web,
        other local files) is aborted and listed in ``PageRun.blocked``.
        """
        url = Path(html_path).resolve().as_uri()
        context = self._browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]}, service_workers="block"
        )
        self._contexts.append(context)
        page = context.new_page()
        run = PageRun(page=page, url=url)

        def note_request(request: Any) -> None:
            if request.url != url and not request.url.startswith("data:") and request.url not in run.blocked:
                run.blocked.append(request.url)

        def gate(route: Any) -> None:
            if route.request.url == url:
                route.continue_()
            else:
                note_request(route.request)
                route.abort()

        context.route("**/*", gate)
        page.on("request", note_request)
        page.on("console", lambda msg: msg.type == "error" and run.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: run.page_errors.append(str(exc)))
        started = time.perf_counter()
        page.goto(url, wait_until="load")
        if wait_ready:
            try:
                page.wait_for_function(
                    "() => window.sozialgraph && window.sozialgraph.ready === true", timeout=timeout_ms
                )
            except Exception as exc:
                raise AssertionError(
                    f"{name}: the network never became ready ({exc}); "
                    f"page errors {run.page_errors}, console errors {run.console_errors}"
                ) from exc
            run.ready_seconds = time.perf_counter() - started
            counts = page.evaluate(
                """() => { const g = window.sozialgraph;
                    return [g.nodeCount, g.edgeCount, Object.keys(g.network.getPositions()).length,
                            g.network.body.data.edges.length]; }"""
            )
            run.node_count, run.edge_count, run.drawn_nodes, run.drawn_edges = counts
        run.screenshot = run.snap(name)
        return run

    def close(self) -> None:
        """Close every context, the browser and Playwright."""
        for context in self._contexts:
            context.close()
        self._browser.close()
        self._pw.stop()


@contextmanager
def browser_session() -> Iterator[BrowserSession]:
    """A :class:`BrowserSession` that is closed afterwards."""
    session = BrowserSession()
    try:
        yield session
    finally:
        session.close()
