"""Reading OParl objects: from a folder of JSON files, or from a server the user names (paged, bounded).

A server is read from the address given: a system object leads to its list of
bodies, a body to its lists of organizations, meetings and papers, and every
list is followed page by page through ``links.next``. Nothing else is fetched
(no persons, no memberships, no files). Only the named host is contacted: a
link or redirect to another host is not followed. Each request must be answered
completely within ``timeout`` seconds, and the reading stops at ``max_pages``
pages or ``max_objects`` objects, saying so.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from graph.errors import Problem, SozialgraphError

__all__ = ["MAX_BYTES", "Found", "Harvest", "OParlError", "read_folder", "read_url"]

#: The largest answer read from a server (bytes).
MAX_BYTES = 50_000_000
#: The lists of a body that are read, in this order (organizations first, so meetings find them).
_BODY_LISTS = ("organization", "meeting", "paper")
_CHUNK = 65536

Progress = Callable[[int, int, str], None]


class OParlError(SozialgraphError):
    """An OParl server could not be read (unreachable, slow, refused, not JSON)."""


@dataclass(frozen=True)
class Found:
    """One object as read, and where it was read (a file name or a page address)."""

    origin: str
    obj: Any


@dataclass
class Harvest:
    """What a reading found: the objects, the problems of unreadable files, and notes for the user."""

    objects: list[Found] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    complete: bool = True
    pages: int = 0


def _objects_in(doc: Any, origin: str, harvest: Harvest) -> list[Any]:
    """The objects of one JSON document: an object, a list page (``data``) or an array of objects."""
    if isinstance(doc, dict) and isinstance(doc.get("data"), list):
        return list(doc["data"])
    if isinstance(doc, dict) and "type" in doc:
        return [doc]
    if isinstance(doc, list):
        return doc
    harvest.problems.append(
        Problem(origin, None, None, "neither an OParl object nor a list page (no 'type', no 'data')")
    )
    return []


def read_folder(path: str | Path, progress: Progress | None = None) -> Harvest:
    """Read every ``*.json`` file of a folder (or one file): objects, list pages or arrays of objects.

    A file that is not JSON is a problem naming the file, line and column.
    """
    path = Path(path)
    files = sorted(p for p in path.glob("*.json") if p.is_file()) if path.is_dir() else [path]
    harvest = Harvest()
    if not files:
        harvest.problems.append(Problem(path.name, None, None, "no *.json files in this folder"))
    for number, file in enumerate(files, start=1):
        harvest.pages = number
        try:
            doc = json.loads(file.read_bytes())
        except json.JSONDecodeError as exc:
            message = f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
            harvest.problems.append(Problem(file.name, None, None, message))
            continue
        except UnicodeDecodeError:
            harvest.problems.append(Problem(file.name, None, None, "not valid JSON: not UTF-8 text"))
            continue
        except OSError as exc:
            harvest.problems.append(Problem(file.name, None, None, f"cannot read the file: {exc.strerror}"))
            continue
        harvest.objects += [Found(file.name, obj) for obj in _objects_in(doc, file.name, harvest)]
        if progress is not None:
            progress(number, len(harvest.objects), file.name)
    return harvest


def read_url(
    url: str,
    *,
    max_pages: int = 200,
    max_objects: int = 20_000,
    timeout: float = 30.0,
    progress: Progress | None = None,
) -> Harvest:
    """Read OParl objects from a server, starting at ``url`` (a system, a body, a list or an object).

    Raises :class:`OParlError` when a page cannot be read; stops at ``max_pages``
    pages or ``max_objects`` objects with ``complete=False`` and a note.
    """
    host = urlsplit(url).hostname or ""
    if urlsplit(url).scheme not in ("http", "https") or not host:
        raise OParlError(f"not a web address: {url!r} (write it with https://)")
    opener = _opener(host)
    harvest = Harvest()
    queue: list[str] = [url]
    seen: set[str] = set()
    while queue:
        address = queue.pop(0)
        if address in seen:
            continue
        if (urlsplit(address).hostname or "") != host:
            harvest.complete = False
            harvest.notes.append(f"not followed: {address} is on another host than {host}")
            continue
        if harvest.pages >= max_pages or len(harvest.objects) >= max_objects:
            bound = (
                f"--max-pages {max_pages}" if harvest.pages >= max_pages else f"--max-objects {max_objects}"
            )
            left = len({a for a in queue if a not in seen} - {address})
            harvest.complete = False
            harvest.notes.append(
                f"stopped at {bound} after {harvest.pages} pages and {len(harvest.objects)} objects; "
                f"not read: {address}" + (f" and {left} more lists" if left else "")
            )
            break
        seen.add(address)
        doc = _get_json(opener, address, timeout)
        harvest.pages += 1
        objects = _objects_in(doc, address, harvest)
        room = max_objects - len(harvest.objects)
        cut = len(objects) > room
        if cut:
            harvest.complete = False
            harvest.notes.append(
                f"stopped at --max-objects {max_objects}: {len(objects) - room} objects of {address} not read"
            )
            objects = objects[:room]
        harvest.objects += [Found(address, obj) for obj in objects]
        if progress is not None:
            progress(harvest.pages, len(harvest.objects), address)
        if cut:
            break
        links = doc.get("links") if isinstance(doc, dict) else None
        if isinstance(links, dict) and isinstance(links.get("next"), str):
            queue.insert(0, links["next"])  # finish a list before the next one
        for obj in objects:
            queue += _lists_of(obj)
    return harvest


def _lists_of(obj: Any) -> list[str]:
    """The list addresses to follow from an object: a system's bodies, a body's lists."""
    if not isinstance(obj, dict):
        return []
    kind = obj.get("type")
    if kind == "https://schema.oparl.org/1.1/System" and isinstance(obj.get("body"), str):
        return [obj["body"]]
    if kind == "https://schema.oparl.org/1.1/Body":
        return [obj[key] for key in _BODY_LISTS if isinstance(obj.get(key), str)]
    return []


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to the host the user named."""

    def __init__(self, host: str):
        self.host = host

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if (urlsplit(newurl).hostname or "") != self.host:
            raise OParlError(
                f"{req.full_url}: the server redirects to {newurl}, another host; not followed "
                "(name that address to read from it)"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(host: str) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [_SameHostRedirects(host)]
    if host in ("localhost", "127.0.0.1", "::1"):
        handlers.append(urllib.request.ProxyHandler({}))  # a local server is never behind a proxy
    return urllib.request.build_opener(*handlers)


def _get_json(opener: urllib.request.OpenerDirector, address: str, timeout: float) -> Any:
    """GET one page and parse it; the whole answer must arrive within ``timeout`` seconds."""
    request = urllib.request.Request(
        address, headers={"Accept": "application/json", "User-Agent": "sozialgraph (OParl import)"}
    )
    result: dict[str, Any] = {}
    done, stop = threading.Event(), threading.Event()

    def work() -> None:
        try:
            with opener.open(request, timeout=timeout) as response:
                chunks, size = [], 0
                while not stop.is_set():
                    chunk = response.read(_CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > MAX_BYTES:
                        raise OParlError(
                            f"{address}: the answer is larger than {MAX_BYTES:,} bytes; not read"
                        )
                    chunks.append(chunk)
                result["body"] = b"".join(chunks)
        except BaseException as exc:  # handed to the caller's thread
            result["error"] = exc
        finally:
            done.set()

    threading.Thread(target=work, name="oparl-request", daemon=True).start()
    if not done.wait(timeout):
        stop.set()
        raise OParlError(f"{address}: no complete answer within {timeout:g} s (--timeout)")
    error = result.get("error")
    if error is not None:
        raise _explain(address, error, timeout) from None
    try:
        return json.loads(result["body"])
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise OParlError(f"{address}: the server did not send JSON{where}") from None


def _explain(address: str, error: BaseException, timeout: float) -> SozialgraphError:
    """A message for a failed request."""
    if isinstance(error, SozialgraphError):  # our own (redirect, size) and the offline guard's
        return error
    if isinstance(error, urllib.error.HTTPError):
        return OParlError(f"{address}: the server answered HTTP {error.code} {error.reason}")
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, TimeoutError):
        return OParlError(f"{address}: no complete answer within {timeout:g} s (--timeout)")
    if isinstance(reason, ConnectionRefusedError):
        return OParlError(f"cannot reach {address}: connection refused — is the server running?")
    return OParlError(f"cannot read {address}: {reason}")
