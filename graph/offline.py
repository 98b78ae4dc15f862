"""Offline by default: an audit hook that refuses network connections to hosts not allowed."""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from graph.errors import StoreError

__all__ = ["NetworkForbidden", "allow_host", "allowed_hosts", "forbid_network", "offline", "permit_network"]


class NetworkForbidden(StoreError, PermissionError):
    """A connection to a host the user did not name was refused."""


_allowed: set[str] = set()
_lock = threading.Lock()
_installed = False
_active = False
#: URL schemes that read local data, not the network.
_LOCAL_SCHEMES = ("file", "data")


def _norm(host: str) -> str:
    return host.strip().strip("[]").lower().rstrip(".")


def allow_host(host: str) -> None:
    """Allow connections to ``host`` (a name or an address) and to the addresses it resolves to.

    The CLI calls this for the host of a SPARQL endpoint the user names.
    Loopback is not allowed unless named.
    """
    name = _norm(host)
    if not name:
        return
    with _lock:
        _allowed.add(name)
    try:
        infos = socket.getaddrinfo(name, None)
    except (OSError, UnicodeError):
        return
    with _lock:
        _allowed.update(_norm(str(info[4][0])) for info in infos)


def allowed_hosts() -> frozenset[str]:
    """The hosts and addresses connections may go to."""
    with _lock:
        return frozenset(_allowed)


def forbid_network(allow: Iterable[str] = ()) -> None:
    """Refuse, process-wide, every connection to a host not in the allow set.

    Installs a :func:`sys.addaudithook` once per process (calling again only
    extends the allow set; an audit hook cannot be removed). Connections
    (``socket.connect``, ``sendto``), name look-ups and ``urllib`` requests to
    other hosts raise :class:`NetworkForbidden`. Local files (``file:`` URLs)
    and Unix sockets are not network and stay allowed.
    """
    global _installed, _active
    for host in allow:
        allow_host(host)
    with _lock:
        _active = True
        if _installed:
            return
        _installed = True
    sys.addaudithook(_hook)


def permit_network() -> None:
    """Switch the refusal off again (the hook stays installed but lets everything pass)."""
    global _active
    with _lock:
        _active = False


@contextmanager
def offline(allow: Iterable[str] = ()) -> Iterator[None]:
    """Refuse network connections inside the ``with`` block (see :func:`forbid_network`).

    Examples
    --------
    >>> import urllib.request
    >>> with offline():
    ...     urllib.request.urlopen("http://example.org/")
    Traceback (most recent call last):
    ...
    graph.offline.NetworkForbidden: refused to open a connection to example.org: sozialgraph works offline; name a SPARQL endpoint to allow its host
    """
    forbid_network(allow)
    try:
        yield
    finally:
        permit_network()


def _refuse(host: str, what: str) -> None:
    if _norm(host) not in _allowed:
        raise NetworkForbidden(
            f"refused to {what} {host}: sozialgraph works offline; name a SPARQL endpoint to allow its host"
        )


def _hook(event: str, args: tuple) -> None:
    if not _active or not event.startswith(("socket.", "urllib.")):
        return
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        address = args[1] if len(args) > 1 else None
        if isinstance(address, tuple) and address and isinstance(address[0], str):
            _refuse(address[0], "connect to")
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex"):
        host = args[0] if args else None
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        if isinstance(host, str) and host:
            _refuse(host, "look up")
    elif event == "urllib.Request":
        parts = urlsplit(str(args[0]))
        if parts.scheme.lower() in _LOCAL_SCHEMES:
            return
        _refuse(parts.hostname or "", "open a connection to")
