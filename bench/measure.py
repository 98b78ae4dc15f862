"""Measuring whole processes: CPU time (user + system, all threads), wall time and peak memory, within a budget."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["Run", "best", "command", "compile_sources", "fresh", "run"]

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    """One process: what it cost and how it ended."""

    cpu: float | None  # seconds of CPU, user + system, every thread of the process
    wall: float | None  # seconds from start to end
    rss_mb: float | None  # peak resident memory
    rc: int | None  # exit code (None: stopped at the budget)
    out_bytes: int = 0  # what it wrote on stdout
    error: str = ""  # the last lines it wrote on stderr, if it failed
    stdout: str = ""  # what it wrote on stdout, when asked to keep it

    @property
    def ok(self) -> bool:
        return self.rc == 0

    def as_dict(self) -> dict:
        return asdict(self)


def command() -> list[str]:
    """How a user starts sozialgraph: the ``sozialgraph`` script next to this Python, else ``python -m cli``."""
    script = Path(sys.executable).with_name("sozialgraph")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cli"]


def run(
    argv: list[str],
    *,
    budget: float | None = None,
    cwd: Path | None = None,
    env: dict | None = None,
    keep: bool = False,
) -> Run:
    """Run ``argv`` to its end (or stop its process group at ``budget`` seconds) and measure it.

    CPU time and peak memory come from the kernel's accounting of the process
    (``wait4``), so they are the process's own, whatever else the machine runs.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            cwd=cwd or ROOT,
            env=_environment(env),
            start_new_session=True,
        )
        stopped = threading.Event()

        def stop() -> None:
            stopped.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(budget, stop) if budget else None
        if timer:
            timer.daemon = True
            timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        if timer:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0, os.SEEK_END)
        size = out.tell()
        out.seek(0)
        text = out.read().decode("utf-8", "replace") if keep else ""
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
    if stopped.is_set():
        return Run(None, None, None, None, size, f"over the budget of {budget:g} s")
    cpu = usage.ru_utime + usage.ru_stime
    failed = "" if proc.returncode == 0 else " | ".join(tail)
    return Run(cpu, wall, usage.ru_maxrss / 1024, proc.returncode, size, failed, text)


def _environment(extra: dict | None) -> dict:
    """The environment of a measured process: this one's, as a user's shell has it, plus ``extra``.

    ``PYTHONDONTWRITEBYTECODE`` is dropped: an installed package runs from compiled bytecode
    (pip compiles it on install), and a process that compiles its modules on every start
    (about 30 ms for sozialgraph's) measures the setting, not the program.
    """
    found = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**found, **(extra or {})}


def compile_sources() -> None:
    """Compile the checkout's modules to bytecode, as ``pip install`` does for an installed package."""
    import compileall

    for part in ("cli.py", "commands", "graph"):
        path = ROOT / part
        if path.is_dir():
            compileall.compile_dir(path, quiet=1)
        else:
            compileall.compile_file(path, quiet=1)


def best(runs: list[Run]) -> Run:
    """The cheapest of repeated runs (by CPU), or the failed one if any failed."""
    for r in runs:
        if not r.ok:
            return r
    return min(runs, key=lambda r: r.cpu)


def fresh(path: Path) -> Path:
    """``path`` removed if it is there (a store folder or file the benchmark made)."""
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    return path
