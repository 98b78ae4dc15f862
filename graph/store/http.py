"""HTTP for SPARQL endpoints: one POST at a time, bounded in time, never sent elsewhere.

:class:`SparqlHttp` is the only place sozialgraph talks HTTP. Its rules:

- ``timeout`` bounds the whole request (connecting, sending, every byte of the
  answer), not each read: a server that drips a byte a second cannot hold it
  longer. When the time is up, a watchdog shuts the sockets down; an answer cut
  off that way is an error, never taken for the whole answer.
- Redirects are followed only on the same server (scheme, host and port) and
  only as 307/308, which repeat the POST; any other redirect is an error that
  names the new address, so neither the query nor the credentials go where the
  user did not point.
- Every failure becomes a :class:`~graph.errors.StoreError` with one line
  (plus the server's first lines of text, if it sent any).
"""

from __future__ import annotations

import http.client
import ipaddress
import math
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable

from graph.errors import StoreError, UsageError

__all__ = ["SparqlHttp", "check_address", "check_timeout"]


def check_address(address: str) -> str:
    """``address`` if it is an http(s) URL with a host, else raise StoreError.

    Examples
    --------
    >>> check_address("http://localhost:8890/sparql")
    'http://localhost:8890/sparql'
    >>> check_address("http://[::1")
    Traceback (most recent call last):
    ...
    graph.errors.StoreError: not a valid address of a SPARQL endpoint: 'http://[::1'
    """
    try:
        parts = urllib.parse.urlsplit(address)
        parts.port  # noqa: B018 - reading it checks the port
    except ValueError:
        raise StoreError(f"not a valid address of a SPARQL endpoint: {address!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not an http(s) address of a SPARQL endpoint: {address!r}")
    return address


def check_timeout(seconds: object) -> float:
    """``seconds`` if it is a finite number above 0, else raise UsageError.

    Examples
    --------
    >>> check_timeout(2)
    2.0
    >>> check_timeout(float("nan"))
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: the timeout must be a number of seconds above 0, not nan
    """
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, (int, float))
        or not math.isfinite(seconds)
        or seconds <= 0
    ):
        raise UsageError(f"the timeout must be a number of seconds above 0, not {seconds!r}")
    return float(seconds)


def _is_loopback(url: str) -> bool:
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Watchdog:
    """Shuts down the sockets of one request when its time is up (ends any blocked read at once)."""

    def __init__(self) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def arm(self, seconds: float) -> None:
        with self._lock:
            self.expired, self._sockets = False, []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            self._sockets = []

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _watched(connection: type[http.client.HTTPConnection], watchdog: _Watchdog) -> type:
    class Watched(connection):  # type: ignore[misc, valid-type]
        def connect(self) -> None:
            super().connect()
            watchdog.watch(self.sock)

    return Watched


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, watchdog: _Watchdog):
        super().__init__()
        self._connection = _watched(http.client.HTTPConnection, watchdog)

    def http_open(self, req):
        return self.do_open(self._connection, req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, watchdog: _Watchdog):
        super().__init__()
        self._connection = _watched(http.client.HTTPSConnection, watchdog)

    def https_open(self, req):
        return self.do_open(self._connection, req, context=self._context)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows 307/308 on the same server with the same POST; refuses every other redirect."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        old, new = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
        same = (old.scheme, old.hostname, old.port) == (new.scheme, new.hostname, new.port)
        if code in (307, 308) and same:
            return urllib.request.Request(
                newurl, data=req.data, headers=dict(req.header_items()), method=req.get_method()
            )
        fp.close()
        raise StoreError(
            f"SPARQL endpoint {req.full_url} redirects to {newurl} (HTTP {code}); sozialgraph does not "
            "follow it: name that address with --endpoint if you trust it"
        )


class SparqlHttp:
    """POSTs forms to the addresses of one SPARQL server.

    Parameters
    ----------
    addresses
        The query and update addresses (http or https).
    user, password
        Credentials for HTTP basic or digest authentication, whichever the server asks for.
    timeout
        Seconds one request may take, all of it.
    """

    def __init__(self, addresses: Iterable[str], *, user: str | None, password: str | None, timeout: float):
        addresses = [check_address(a) for a in addresses]
        self.timeout = check_timeout(timeout)
        self._watchdog = _Watchdog()
        handlers: list[urllib.request.BaseHandler] = [
            _HTTP(self._watchdog),
            _HTTPS(self._watchdog),
            _Redirects(),
        ]
        if all(_is_loopback(a) for a in addresses):
            handlers.append(urllib.request.ProxyHandler({}))  # a local server is never behind a proxy
        if user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for address in set(addresses):
                passwords.add_password(None, address, user, password or "")
            handlers += [
                urllib.request.HTTPDigestAuthHandler(passwords),
                urllib.request.HTTPBasicAuthHandler(passwords),
            ]
        self._opener = urllib.request.build_opener(*handlers)

    def post(
        self, address: str, fields: dict[str, str], accept: str
    ) -> tuple[bytes, http.client.HTTPMessage]:
        """POST a form and return the whole answer (body, headers); every failure is a StoreError."""
        body = urllib.parse.urlencode(fields).encode("utf-8")
        return self.send(address, body, "application/x-www-form-urlencoded; charset=UTF-8", accept)

    def send(
        self, address: str, body: bytes, content_type: str, accept: str
    ) -> tuple[bytes, http.client.HTTPMessage]:
        """POST ``body`` as ``content_type`` (e.g. RDF to a graph store) and return the whole answer."""
        request = urllib.request.Request(
            address, data=body, headers={"Accept": accept, "Content-Type": content_type}
        )
        watchdog = self._watchdog
        watchdog.arm(self.timeout)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                answer, headers = response.read(), response.headers
        except urllib.error.HTTPError as exc:
            text = exc.read().decode("utf-8", "replace").strip()
            lines = "\n".join(text.splitlines()[:6])
            if watchdog.expired:
                raise self._failure(address, TimeoutError()) from None
            if exc.code in (401, 403):
                raise StoreError(
                    f"SPARQL endpoint {address} refused access (HTTP {exc.code}): "
                    f"check the user name and password, and that the user may run SPARQL updates"
                    + (f"\n{lines}" if lines else "")
                ) from None
            raise StoreError(
                f"SPARQL endpoint {address} rejected the request (HTTP {exc.code} {exc.reason})"
                + (f":\n{lines}" if lines else "")
            ) from None
        except urllib.error.URLError as exc:
            raise self._failure(address, TimeoutError() if watchdog.expired else exc.reason) from None
        except (OSError, http.client.HTTPException) as exc:
            raise self._failure(address, TimeoutError() if watchdog.expired else exc) from None
        finally:
            watchdog.disarm()
        if watchdog.expired:  # the answer was cut off: never take it for the whole answer
            raise self._failure(address, TimeoutError())
        return answer, headers

    def _failure(self, address: str, reason: object) -> StoreError:
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return StoreError(f"SPARQL endpoint {address} did not answer within {self.timeout:g} s")
        if isinstance(reason, ConnectionRefusedError):
            return StoreError(
                f"cannot reach SPARQL endpoint {address}: connection refused — is the server running?"
            )
        if isinstance(reason, (ConnectionResetError, http.client.RemoteDisconnected)):
            return StoreError(
                f"SPARQL endpoint {address} closed the connection without an answer "
                "(the request may be too large for it, or the server stopped)"
            )
        if isinstance(reason, socket.gaierror):
            return StoreError(f"cannot reach SPARQL endpoint {address}: unknown host")
        if isinstance(reason, StoreError):
            return reason
        return StoreError(f"cannot reach SPARQL endpoint {address}: {reason}")
