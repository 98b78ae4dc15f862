"""A throw-away Virtuoso SPARQL server on loopback ports, for integration tests.

``virtuoso_endpoint`` is a session-scoped pytest fixture; import it into a test
module with ``from virtuoso_support import virtuoso_endpoint  # noqa: F401``.
:func:`running_virtuoso` is the same server as a context manager, for a server
with other settings (``max_rows``) or for use outside pytest::

    with running_virtuoso(tmp_dir, max_rows=50) as server:
        store = EndpointStore(server.url)

The server runs ``virtuoso-t +foreground`` on free ports with a fresh database
in a temporary folder (user ``dba``, password ``dba``), is granted SPARQL
UPDATE on ``/sparql`` (this instance only) and is stopped by its process id.
If Virtuoso is not installed, the tests that need it are skipped, naming the
Debian package to install; CI sets ``SOZIALGRAPH_REQUIRE_ALL=1``, which turns
such skips into failures (``tests/conftest.py``). Tests that use these
fixtures are marked ``virtuoso`` by the conftest, so the mark never lies.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph

from graph.store.endpoint import EndpointStore

__all__ = [
    "VirtuosoServer",
    "free_port",
    "loaded_endpoint",
    "running_virtuoso",
    "virtuoso_endpoint",
    "virtuoso_installed",
]

DEBIAN_PACKAGE = "virtuoso-opensource"
VIRTUOSO = "virtuoso-t"
ISQL = "isql-vt"
VSP_ROOT = "/var/lib/virtuoso-opensource-7/vsp"
VAD_DIR = "/usr/share/virtuoso-opensource-7/vad"
START_TIMEOUT = 90.0

_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {vad}, {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
CheckpointInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp}
ServerThreads = 4
MaxClientConnections = 4
Charset = UTF-8
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


@dataclass
class VirtuosoServer:
    """A running throw-away Virtuoso: where to reach it and how to talk SQL to it."""

    url: str
    auth_url: str
    sql_port: int
    http_port: int
    directory: Path
    pid: int
    max_rows: int
    user: str = "dba"
    password: str = "dba"

    def isql(self, statement: str, timeout: float = 60.0) -> str:
        """Run one SQL statement through ``isql-vt`` and return its output."""
        return _isql(self.sql_port, statement, timeout)

    def log(self, lines: int = 30) -> str:
        """The last lines of the server's log file."""
        path = self.directory / "virtuoso.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _isql(port: int, statement: str, timeout: float) -> str:
    proc = subprocess.run(
        [ISQL, f"127.0.0.1:{port}", "dba", "dba", f"exec={statement}"],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    if proc.returncode != 0 or "*** Error" in proc.stdout + proc.stderr:
        raise RuntimeError(f"isql-vt {statement!r} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def _require_virtuoso() -> None:
    missing = [tool for tool in (VIRTUOSO, ISQL) if shutil.which(tool) is None]
    if missing:
        pytest.skip(
            f"Virtuoso is not installed (no {' or '.join(repr(m) for m in missing)} on PATH): "
            f"apt-get install {DEBIAN_PACKAGE}"
        )


def _http_ready(url: str) -> bool:
    query = urllib.parse.urlencode({"query": "ASK {}"}).encode()
    request = urllib.request.Request(url, data=query, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    os.kill(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@contextlib.contextmanager
def running_virtuoso(directory: Path | None = None, *, max_rows: int = 100000) -> Iterator[VirtuosoServer]:
    """Start a throw-away Virtuoso, wait until it answers SPARQL, stop it afterwards.

    Parameters
    ----------
    directory
        An empty folder for the database; a temporary one (removed afterwards)
        when None.
    max_rows
        The server's ``[SPARQL] ResultSetMaxRows``: longer results are cut.
    """
    _require_virtuoso()
    own_dir = directory is None
    folder = Path(tempfile.mkdtemp(prefix="virtuoso-")) if own_dir else Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        _INI.format(
            d=folder, sql_port=sql_port, http_port=http_port, vad=VAD_DIR, vsp=VSP_ROOT, max_rows=max_rows
        )
    )
    out = open(folder / "stdout.log", "wb")  # closed below
    proc = subprocess.Popen(
        [VIRTUOSO, "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdout=out,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{http_port}/sparql"
    server = VirtuosoServer(
        url=url,
        auth_url=f"http://127.0.0.1:{http_port}/sparql-auth",
        sql_port=sql_port,
        http_port=http_port,
        directory=folder,
        pid=proc.pid,
        max_rows=max_rows,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with code {proc.returncode}:\n{server.log()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"virtuoso-t did not start within {START_TIMEOUT:.0f} s:\n{server.log()}")
            try:
                _isql(sql_port, "status();", timeout=10)
                break
            except (RuntimeError, subprocess.TimeoutExpired):
                time.sleep(0.5)
        server.isql('GRANT SPARQL_UPDATE TO "SPARQL";')
        while not _http_ready(url):
            if time.monotonic() > deadline:
                raise RuntimeError(f"Virtuoso's SPARQL endpoint {url} did not answer:\n{server.log()}")
            time.sleep(0.3)
        yield server
    finally:
        _stop(proc)
        out.close()
        if own_dir:
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def virtuoso_installed() -> None:
    """Skips (saying why) when Virtuoso is missing; every fixture that starts a server asks for it.

    The conftest marks each test that depends on this fixture ``virtuoso``.
    """
    _require_virtuoso()


@pytest.fixture(scope="session")
def virtuoso_endpoint(
    virtuoso_installed: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[VirtuosoServer]:
    """One throw-away Virtuoso for the whole test session (ResultSetMaxRows 100000)."""
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


def loaded_endpoint(server: VirtuosoServer, data: Path | Graph, graph_iri: str, **options) -> EndpointStore:
    """An :class:`EndpointStore` on ``server`` whose graph ``graph_iri`` holds exactly ``data``.

    ``data`` is an RDF file (format from its suffix) or an rdflib graph; the
    graph is cleared first, so tests can reuse a graph IRI.
    """
    store = EndpointStore(server.url, graph_iri=graph_iri, **options)
    store.clear()
    if isinstance(data, Graph):
        store.add_graph(data)
    else:
        store.load_file(Path(data), Path(data).suffix.lstrip("."))
    return store
