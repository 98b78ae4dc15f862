"""Screenshots of the demo's network pages in projector mode, for a person to look at (not a test).

Writes the demo pages (``sozialgraph demo``) into a temporary folder, opens each in
headless Chromium (Debian's ``chromium``, every network request blocked) at 1920 x 1080,
switches to projector mode, waits until the page is idle, and saves a PNG; then the
same after the window shrinks to 1280 x 720, and once more with the most central node
selected. ``--readme`` also writes the picture the README shows (the whole network with
its most central node selected, 1280 x 720).

    python docs/screenshots.py                   # -> test-output/screenshots/*.png
    python docs/screenshots.py -o shots --readme # and docs/network-projector.png
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README_PICTURE = ROOT / "docs" / "network-projector.png"


def demo_pages(folder: Path, data: str | None) -> list[Path]:
    """Run ``sozialgraph demo`` into ``folder``; the network pages it wrote."""
    sys.path.insert(0, str(ROOT))
    import cli

    args = ["demo", "-o", str(folder)] + (["--data", data] if data else [])
    with contextlib.redirect_stdout(sys.stderr):  # the demo's report is not what this script prints
        cli.main(args, standalone_mode=False)
    return sorted(folder.glob("network-*.html"))


def only(url: str):
    """A route handler that lets ``url`` load and aborts every other request."""

    def gate(route) -> None:
        if route.request.url == url:
            route.continue_()
        else:
            route.abort()

    return gate


def shoot(pages: list[Path], out: Path, readme: bool) -> list[Path]:
    """Open every page in projector mode and save screenshots into ``out``."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for html in pages:
            url = html.resolve().as_uri()
            context = browser.new_context(viewport={"width": 1920, "height": 1080})
            context.route("**/*", only(url))
            page = context.new_page()
            page.goto(url, wait_until="load")
            page.wait_for_function(
                "() => window.sozialgraph && window.sozialgraph.ready === true", timeout=60_000
            )
            page.evaluate("() => window.sozialgraph.enterProjector()")
            page.evaluate("() => window.sozialgraph.whenIdle()")
            name = html.stem
            for suffix in ("projector-1920x1080", "projector-1280x720", "projector-selected-1280x720"):
                if suffix == "projector-1280x720":
                    page.set_viewport_size({"width": 1280, "height": 720})
                    page.wait_for_function("() => window.sozialgraph.viewport[0] <= 1280")
                if suffix.startswith("projector-selected"):
                    page.evaluate(
                        "() => { const g = window.sozialgraph;"
                        " g.selectNode(g.nodes.get().sort((a, b) => b.size - a.size)[0].id); }"
                    )
                page.evaluate("() => window.sozialgraph.whenIdle()")
                target = out / f"{name}-{suffix}.png"
                page.screenshot(path=str(target))
                written.append(target)
                if readme and name == "network-full" and suffix == "projector-selected-1280x720":
                    README_PICTURE.parent.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(README_PICTURE))
                    written.append(README_PICTURE)
            context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "test-output" / "screenshots")
    parser.add_argument("--data", help="workbook or folder for the demo (default: the bundled example)")
    parser.add_argument(
        "--readme", action="store_true", help=f"also write {README_PICTURE.relative_to(ROOT)}"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        pages = demo_pages(Path(tmp), args.data)
        for path in shoot(pages, args.output, args.readme):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
