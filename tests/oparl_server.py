"""A small OParl 1.1 server on 127.0.0.1 for the import tests: hand-made pages, paged lists, bad answers.

The city it serves (written for these tests):

- ``/oparl``: the system, whose body list is ``/bodies``
- ``/bodies``: one body, Beispielstadt, with lists of organizations (2 pages),
  meetings (3 pages), papers (1 page) and persons (never to be requested)
- organizations: the council (Rat), the committee ASID, its sub-committee
  (``subOrganizationOf`` ASID) and an administration unit (Verwaltungsbereich)
- meetings: the ASID meeting of 07.12.2017 with three agenda items (one of them
  named like an Excel formula), a meeting without a name, a cancelled meeting,
  a council meeting without agenda
- papers: the Vorlage FB 56/0118/WP17

Special addresses: ``/slow`` drips its answer for seconds, ``/moved`` redirects
to ``localhost`` (another host name), ``/missing`` is 404, ``/html`` is not JSON,
``/elsewhere`` is a list whose next page is on another host.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["OParlServer", "oparl_server"]

T = "https://schema.oparl.org/1.1/"


def _page(data: list[dict], next_url: str | None = None) -> dict:
    page = {"data": data, "pagination": {"elementsPerPage": 2}, "links": {}}
    if next_url:
        page["links"]["next"] = next_url
    return page


def pages(base: str) -> dict[str, dict]:
    """The server's answers by path (and query), for the server at ``base`` (no trailing slash)."""
    body = f"{base}/body/1"
    org = f"{base}/organization"
    meeting = f"{base}/meeting"
    return {
        "/oparl": {
            "id": f"{base}/oparl",
            "type": T + "System",
            "oparlVersion": "https://schema.oparl.org/1.1/",
            "name": "Ratsinformationssystem Beispielstadt",
            "body": f"{base}/bodies",
        },
        "/bodies": _page(
            [
                {
                    "id": body,
                    "type": T + "Body",
                    "name": "Stadt Beispielstadt",
                    "shortName": "Beispielstadt",
                    "website": "https://www.beispielstadt.example/",
                    "classification": "Kreisfreie Stadt",
                    "organization": f"{body}/organizations",
                    "person": f"{body}/persons",
                    "meeting": f"{body}/meetings",
                    "paper": f"{body}/papers",
                    "legislativeTerm": [],
                }
            ]
        ),
        "/body/1/organizations": _page(
            [
                {
                    "id": f"{org}/1",
                    "type": T + "Organization",
                    "body": body,
                    "name": "Rat der Stadt Beispielstadt",
                    "shortName": "Rat",
                    "organizationType": "Gremium",
                    "classification": "Rat",
                },
                {
                    "id": f"{org}/2",
                    "type": T + "Organization",
                    "body": body,
                    "name": "Ausschuss für Soziales, Integration und Demographie",
                    "shortName": "ASID",
                    "organizationType": "Gremium",
                    "classification": "Ausschuss",
                    "startDate": "2014-06-01",
                    "web": f"{base}/gremium/2",
                },
            ],
            f"{body}/organizations?page=2",
        ),
        "/body/1/organizations?page=2": _page(
            [
                {
                    "id": f"{org}/3",
                    "type": T + "Organization",
                    "body": body,
                    "name": "Unterausschuss Sozialplanung",
                    "subOrganizationOf": f"{org}/2",
                    "organizationType": "Gremium",
                    "endDate": "2020-10-31",
                },
                {
                    "id": f"{org}/4",
                    "type": T + "Organization",
                    "body": body,
                    "name": "Fachbereich Soziales",
                    "shortName": "FB 56",
                    "organizationType": "Verwaltungsbereich",
                },
            ]
        ),
        "/body/1/meetings": _page(
            [
                {
                    "id": f"{meeting}/11",
                    "type": T + "Meeting",
                    "name": "Sitzung des Ausschusses für Soziales, Integration und Demographie",
                    "start": "2017-12-07T17:00:00+01:00",
                    "organization": [f"{org}/2"],
                    "participant": [f"{base}/person/7"],
                    "agendaItem": [
                        {
                            "id": f"{base}/agendaitem/111",
                            "number": "1",
                            "order": 1,
                            "name": "Sachstand Aufbau einer Plattform zur Sozialplanung",
                        },
                        {"id": f"{base}/agendaitem/112", "number": "2", "name": '=HYPERLINK("x")'},
                        {"id": f"{base}/agendaitem/113", "name": "Verschiedenes"},
                    ],
                }
            ],
            f"{body}/meetings?page=2",
        ),
        "/body/1/meetings?page=2": _page(
            [
                {
                    "id": f"{meeting}/12",
                    "type": T + "Meeting",
                    "start": "2018-03-14T10:00:00+01:00",
                    "organization": [f"{org}/3"],
                },
                {
                    "id": f"{meeting}/13",
                    "type": T + "Meeting",
                    "name": "Abgesagte Sitzung",
                    "cancelled": True,
                    "organization": [f"{org}/2"],
                },
            ],
            f"{body}/meetings?page=3",
        ),
        "/body/1/meetings?page=3": _page(
            [
                {
                    "id": f"{meeting}/14",
                    "type": T + "Meeting",
                    "name": "Sitzung des Rates",
                    "start": "2018-06-20T15:00:00+02:00",
                    "organization": [f"{org}/1"],
                }
            ]
        ),
        "/body/1/papers": _page(
            [
                {
                    "id": f"{base}/paper/118",
                    "type": T + "Paper",
                    "body": body,
                    "name": "Sachstand Aufbau einer Plattform zur Sozialplanung",
                    "reference": "FB 56/0118/WP17",
                    "date": "2017-11-21",
                    "paperType": "Mitteilungsvorlage",
                    "web": f"{base}/vo/118",
                    "originatorPerson": [f"{base}/person/7"],
                }
            ]
        ),
        "/body/1/persons": _page(
            [{"id": f"{base}/person/7", "type": T + "Person", "name": "Erika Musterfrau"}]
        ),
        "/elsewhere": _page(
            [{"id": f"{base}/paper/9", "type": T + "Paper", "reference": "9/2020"}],
            "http://192.0.2.1/papers?page=2",
        ),
    }


class OParlServer(ThreadingHTTPServer):
    """Serves :func:`pages` and records every path asked for (in ``requests``)."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.pages = pages(self.base)
        self.requests: list[str] = []
        self.closing = threading.Event()


class _Handler(BaseHTTPRequestHandler):
    server: OParlServer

    def log_message(self, format: str, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes, kind: str = "application/json", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        port = self.server.server_address[1]
        if self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            for byte in (
                b'{"data": []}' + b" " * 40
            ):  # a byte every 0.2 s: each read is quick, the whole is not
                if self.server.closing.wait(0.2):
                    return
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:
                    return
        elif self.path == "/moved":
            self._send(302, b"", Location=f"http://localhost:{port}/oparl")
        elif self.path == "/html":
            self._send(200, b"<html><body>Wartungsarbeiten</body></html>", "text/html")
        elif self.path in self.server.pages:
            self._send(200, json.dumps(self.server.pages[self.path], ensure_ascii=False).encode("utf-8"))
        else:
            self._send(404, b'{"error": "not found"}')


@contextmanager
def oparl_server() -> Iterator[OParlServer]:
    """Run an :class:`OParlServer` in a thread for the ``with`` block."""
    server = OParlServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.closing.set()
        server.shutdown()
        server.server_close()
        thread.join()
