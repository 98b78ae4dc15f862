"""Small HTTP servers on loopback for tests: each answers as a test says and records what it was asked.

:func:`local_server` runs a :class:`http.server.ThreadingHTTPServer` on a free
port of ``host`` (127.0.0.1 unless given; 127.0.0.2 is another host on the
same machine) in a thread, and stops it afterwards. ``answer(handler)`` writes
the response; the requests (method, path, body) land in ``server.requests``.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["LocalServer", "drip", "local_server", "send"]


@dataclass
class LocalServer:
    url: str
    requests: list[tuple[str, str, bytes]] = field(default_factory=list)


def send(
    handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str, **headers: str
) -> None:
    """A whole answer at once."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()
    handler.wfile.write(body)


def drip(
    handler: BaseHTTPRequestHandler, body: bytes, content_type: str, *, every: float, length: bool
) -> None:
    """The headers at once, then the body one byte every ``every`` seconds, until the client leaves.

    ``length=False`` sends no Content-Length: the body ends when the connection closes.
    """
    handler.send_response(200)
    handler.send_header("Content-Type", content_type)
    if length:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.flush()
    for byte in body:
        try:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
        except OSError:  # the client gave up
            return
        time.sleep(every)


@contextlib.contextmanager
def local_server(
    answer: Callable[[BaseHTTPRequestHandler], None], host: str = "127.0.0.1", path: str = "/sparql"
) -> Iterator[LocalServer]:
    """A server on ``host`` whose every request is answered by ``answer``."""
    found = LocalServer(url="")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            found.requests.append(("POST", self.path, body))
            answer(self)

        def do_GET(self) -> None:
            found.requests.append(("GET", self.path, b""))
            answer(self)

        def log_message(self, *args) -> None:  # keep the test output clean
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    found.url = f"http://{host}:{server.server_address[1]}{path}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
