"""The OParl import (graph/exchange/): the specification's examples, bad objects, a paged server on 127.0.0.1.

Every expected row below is written by hand from the JSON objects.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from oparl_server import oparl_server, pages

import cli
from graph.exchange.oparl import map_objects
from graph.exchange.oparl_check import check_object, schema_registry
from graph.exchange.oparl_fetch import Found, read_folder, read_url
from graph.offline import offline

FIXTURES = Path(__file__).parent / "fixtures" / "oparl"
SPEC, BAD = FIXTURES / "spec", FIXTURES / "bad"
EX = "https://oparl.example.org"

ACTOR_HEADERS = ["ID", "Name", "Typ", "Teil von", "Mitglieder", "Beschreibung", "URL", "Quelle"]
EVENT_HEADERS = [
    "ID",
    "Name",
    "Typ",
    "Datum",
    "Veranstalter",
    "Teilnehmende",
    "Themen",
    "Beschreibung",
    "Quelle",
]
SOURCE_HEADERS = ["ID", "Name", "Typ", "Datum", "URL", "Quelle"]
CANDIDATE_HEADERS = ["Veranstaltung", "TOP", "Tagesordnungspunkt", "Thema", "Quelle"]


def run(*args: str):
    return CliRunner().invoke(cli.main, list(args))


def sheet(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


# --------------------------------------------------------------------------
# the specification's own examples


SPEC_ACTORS = [
    ACTOR_HEADERS,
    [
        "Finanzausschuss",
        "Ausschuss für Haushalt und Finanzen",
        "Ausschuss",
        "",  # its body (…/bodies/1) is not the example body (…/body/0)
        "",
        "Ausschuss; Gremium; seit 17.07.2012",
        "",
        f"{EX}/organization/34",
    ],
    [
        "Köln",
        "Stadt Köln, kreisfreie Stadt",
        "Körperschaft",
        "",
        "",
        "Kreisfreie Stadt",
        "http://www.beispielstadt.de/",
        f"{EX}/body/0",
    ],
]
SPEC_EVENTS = [
    EVENT_HEADERS,
    [
        "4. Sitzung des Finanzausschusses",
        "4. Sitzung des Finanzausschusses",
        "Sitzung",
        "04.01.2013",
        "Finanzausschuss",
        "",
        "",
        "Tagesordnung: 10.1 Satzungsänderung für Ausschreibungen",
        f"{EX}/meeting/281",
    ],
]
SPEC_SOURCES = [
    SOURCE_HEADERS,
    [
        "1234/2014",
        "Antwort auf Anfrage 1200/2014",
        "Beantwortung einer Anfrage",
        "04.04.2014",
        f"{EX}/files/57737.pdf",
        f"{EX}/paper/749",
    ],
]
SPEC_CANDIDATES = [
    CANDIDATE_HEADERS,
    [
        "4. Sitzung des Finanzausschusses",
        "10.1",
        "Satzungsänderung für Ausschreibungen",
        "",
        f"{EX}/agendaitem/3271",
    ],
]


def test_every_example_object_of_the_specification_conforms_to_its_schema():
    for path in sorted(SPEC.glob("*.json")):
        assert check_object(json.loads(path.read_text(encoding="utf-8"))) == [], path.name


def test_the_specification_examples_map_as_written(tmp_path):
    out = tmp_path / "ratsinfo"
    result = run("oparl", str(SPEC), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "Akteure.csv",
        "Quellen.csv",
        "Themenvorschlaege.csv",
        "Veranstaltungen.csv",
    ]
    assert sheet(out / "Akteure.csv") == SPEC_ACTORS
    assert sheet(out / "Veranstaltungen.csv") == SPEC_EVENTS
    assert sheet(out / "Quellen.csv") == SPEC_SOURCES
    assert sheet(out / "Themenvorschlaege.csv") == SPEC_CANDIDATES
    assert result.stderr.splitlines()[1:] == [
        "read 8 objects from 8 files",
        "not imported: 1 File, 1 Location, 1 Person, 1 System",
        "persons and memberships are never imported (data protection)",
        f"warning: {EX}/organization/34: body {EX}/bodies/1 is not in the import, so not linked",
        f"wrote {out / 'Akteure.csv'} (2 rows)",
        f"wrote {out / 'Veranstaltungen.csv'} (1 row)",
        f"wrote {out / 'Quellen.csv'} (1 row)",
        f"wrote {out / 'Themenvorschlaege.csv'} (1 row)",
    ]
    assert result.stdout == ""
    # written like data/aachen/: UTF-8 without BOM, ',' and '\n'
    assert (out / "Quellen.csv").read_bytes() == (
        "ID,Name,Typ,Datum,URL,Quelle\n"
        "1234/2014,Antwort auf Anfrage 1200/2014,Beantwortung einer Anfrage,04.04.2014,"
        f"{EX}/files/57737.pdf,{EX}/paper/749\n"
    ).encode()


def test_the_import_loads_with_validate_and_reads_with_pandas(tmp_path):
    import pandas as pd

    out = tmp_path / "ratsinfo"
    assert run("oparl", str(SPEC), "-o", str(out)).exit_code == 0
    checked = run("validate", "--data", str(out))
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.endswith(": valid (36 triples)\n")
    assert "Themenvorschlaege.csv: skipped" in checked.stderr  # the review file is not a sheet
    for name, expected in [
        ("Akteure.csv", SPEC_ACTORS),
        ("Veranstaltungen.csv", SPEC_EVENTS),
        ("Quellen.csv", SPEC_SOURCES),
        ("Themenvorschlaege.csv", SPEC_CANDIDATES),
    ]:
        frame = pd.read_csv(out / name, dtype=str, keep_default_na=False)
        assert [list(frame.columns), *frame.values.tolist()] == expected, name


def test_a_meeting_cites_its_source_and_the_graph_links_the_committee(tmp_path):
    from graph.io.load import read_dataset
    from graph.namespaces import PROV, RDFS, SCHEMA

    out = tmp_path / "ratsinfo"
    run("oparl", str(SPEC), "-o", str(out))
    loaded = read_dataset(out)
    g = loaded.graph
    base = loaded.base
    meeting = next(s for s, (f, _) in loaded.locations.items() if f == "Veranstaltungen.csv")
    assert {str(o) for o in g.objects(meeting, SCHEMA.organizer)} == {f"{base}actors/Finanzausschuss"}
    (source,) = g.objects(meeting, PROV.wasDerivedFrom)
    assert str(g.value(source, RDFS.label)) == f"{EX}/meeting/281"


def test_persons_are_never_imported(tmp_path):
    out = tmp_path / "ratsinfo"
    run("oparl", str(SPEC), "-o", str(out))
    written = "".join(p.read_text(encoding="utf-8") for p in out.iterdir())
    assert "Mustermann" not in written and "person" not in written.lower()


# --------------------------------------------------------------------------
# broken and invalid objects


BAD_PROBLEMS = [
    f"Meeting-invalid.json: {EX}/meeting/281: agendaItem/0/name: 101 is not of type 'string'",
    f"Meeting-invalid.json: {EX}/meeting/281: start: '04.01.2013 08:00' is not a 'date-time'",
    f"Organization-1.0.json: {EX}/organization/34: not an OParl 1.1 object "
    "(type https://schema.oparl.org/1.0/Organization)",
    "broken.json: not valid JSON: Expecting ',' delimiter (line 4, column 3)",
    "not-oparl.json: neither an OParl object nor a list page (no 'type', no 'data')",
    f"papers.json: {EX}/paper/750: date: '2014-13-01' is not a 'date'",
]


def test_broken_and_schema_invalid_objects_are_reported_and_nothing_is_written(tmp_path):
    out = tmp_path / "ratsinfo"
    result = run("oparl", str(BAD), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [
        "Error: 6 problems in the data:",
        *(f"  {p}" for p in BAD_PROBLEMS),
    ]
    assert not out.exists()


def test_skip_invalid_writes_what_conforms_and_lists_the_rest(tmp_path):
    out = tmp_path / "ratsinfo"
    result = run("oparl", str(BAD), "-o", str(out), "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert sheet(out / "Quellen.csv") == [
        SOURCE_HEADERS,
        ["1234/2014", "Antwort auf Anfrage 1200/2014", "", "04.04.2014", "", f"{EX}/paper/749"],
    ]
    assert sheet(out / "Akteure.csv") == [ACTOR_HEADERS]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: skipped")]
    assert warnings == [f"warning: skipped {p}" for p in BAD_PROBLEMS]


def test_an_existing_import_is_replaced_only_with_force(tmp_path):
    out = tmp_path / "ratsinfo"
    out.mkdir()
    (out / "Notizen.txt").write_text("meine Notizen", encoding="utf-8")
    assert run("oparl", str(SPEC), "-o", str(out)).exit_code == 0
    (out / "Akteure.csv").write_text("ID,Name\n", encoding="utf-8")
    again = run("oparl", str(SPEC), "-o", str(out))
    assert again.exit_code == 2
    assert f"{out / 'Akteure.csv'} exists; write into an empty folder, or pass --force" in again.stderr
    assert (out / "Akteure.csv").read_text(encoding="utf-8") == "ID,Name\n"
    assert run("oparl", str(SPEC), "-o", str(out), "--force").exit_code == 0
    assert sheet(out / "Akteure.csv") == SPEC_ACTORS
    assert (out / "Notizen.txt").read_text(encoding="utf-8") == "meine Notizen"


def test_a_missing_path_is_a_usage_error(tmp_path):
    result = run("oparl", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr


# --------------------------------------------------------------------------
# the mapping rules, on hand-made objects


def _org(number: int, **fields) -> Found:
    obj = {"id": f"{EX}/organization/{number}", "type": "https://schema.oparl.org/1.1/Organization", **fields}
    return Found("orgs.json", obj)


def test_ids_stay_readable_and_unique():
    result = map_objects(
        [
            _org(34, name="Ausschuss für Haushalt und Finanzen", shortName="Finanzausschuss"),
            _org(35, name="Ausschuss für Haushalt und Finanzen", shortName="Finanzausschuss"),
            _org(36, name="Ausschuss für Soziales, Integration; und Demographie"),
            _org(37, name="-- entfällt --", classification="Arbeitskreis"),
            _org(38, organizationType="Fraktion"),
        ]
    )
    assert [(r["id"], r["name"], r["type"]) for r in result.rows["actors"]] == [
        ("Finanzausschuss (34)", "Ausschuss für Haushalt und Finanzen", "Ausschuss"),
        ("Finanzausschuss (35)", "Ausschuss für Haushalt und Finanzen", "Ausschuss"),
        (
            "Ausschuss für Soziales Integration und Demographie",
            "Ausschuss für Soziales, Integration; und Demographie",
            "Ausschuss",
        ),
        ("entfällt --", "-- entfällt --", "Gremium"),
        ("38", "38", "Gremium"),
    ]


def test_deleted_objects_and_repeated_ids_are_left_out():
    result = map_objects(
        [
            _org(1, name="Rat"),
            _org(1, name="Rat (aus einer zweiten Liste)"),
            _org(2, name="Alter Ausschuss", deleted=True),
        ]
    )
    assert [r["name"] for r in result.rows["actors"]] == ["Rat"]
    assert result.notes == ["not imported: 1 deleted object"]


def test_agenda_items_read_on_their_own_join_their_meeting_once():
    t = "https://schema.oparl.org/1.1/"
    meeting = {
        "id": f"{EX}/meeting/1",
        "type": t + "Meeting",
        "name": "Sitzung",
        "agendaItem": [{"id": f"{EX}/agendaitem/1", "name": "Armut"}],
    }
    items = [
        {
            "id": f"{EX}/agendaitem/1",
            "type": t + "AgendaItem",
            "meeting": f"{EX}/meeting/1",
            "order": 1,
            "name": "Armut",
        },
        {
            "id": f"{EX}/agendaitem/2",
            "type": t + "AgendaItem",
            "meeting": f"{EX}/meeting/1",
            "order": 2,
            "number": "2",
            "name": "Wohnen",
        },
        {
            "id": f"{EX}/agendaitem/3",
            "type": t + "AgendaItem",
            "meeting": f"{EX}/meeting/9",
            "order": 1,
            "name": "Sport",
        },
    ]
    result = map_objects([Found("m.json", meeting), *(Found("a.json", i) for i in items)])
    assert [list(c.values()) for c in result.candidates] == [
        ["Sitzung", "", "Armut", "", f"{EX}/agendaitem/1"],
        ["Sitzung", "2", "Wohnen", "", f"{EX}/agendaitem/2"],
    ]
    assert result.rows["events"][0]["description"] == "Tagesordnung: Armut; 2 Wohnen"
    assert result.warnings == [f"{EX}/agendaitem/3: its meeting is not in the import, so not proposed"]


# --------------------------------------------------------------------------
# the shipped schemas resolve every reference offline


def test_every_reference_of_the_schemas_resolves_from_the_package():
    registry = schema_registry()
    resolver = registry.resolver()
    refs = []

    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                refs.append(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for uri in registry:
        walk(registry.contents(uri))
    embedded = "urn:sozialgraph:oparl-1.1:embedded:"
    assert {ref.removeprefix(embedded) for ref in refs} == {
        "AgendaItem",  # Meeting.agendaItem, Body.agendaItem (list)
        "Body",  # System.body (list)
        "Consultation",  # Paper.consultation, …
        "File",  # Meeting.invitation, Paper.mainFile, …
        "LegislativeTerm",  # Body.legislativeTerm
        "Location",  # Body.location, Meeting.location, …
        "Meeting",  # Body.meeting (list)
        "Membership",  # Person.membership
        "Organization",  # Body.organization (list)
        "Paper",  # Body.paper (list)
        "Person",  # Body.person (list)
    }
    for ref in refs:
        assert resolver.lookup(ref).contents["type"] == "object"


def test_an_unknown_reference_fails_without_fetching_it():
    from jsonschema import Draft202012Validator
    from referencing.exceptions import Unresolvable

    validator = Draft202012Validator(
        {"$ref": "https://schema.oparl.org/1.1/Meeting.json"}, registry=schema_registry()
    )
    with offline(), pytest.raises(Unresolvable):
        validator.validate({})


# --------------------------------------------------------------------------
# a server on 127.0.0.1


def server_rows(base: str) -> dict[str, list[list[str]]]:
    """The rows the test server's city maps to (written by hand from tests/oparl_server.py)."""
    asid_meeting = "Sitzung des Ausschusses für Soziales Integration und Demographie"
    return {
        "Akteure.csv": [
            ACTOR_HEADERS,
            [
                "ASID",
                "Ausschuss für Soziales, Integration und Demographie",
                "Ausschuss",
                "Beispielstadt",
                "",
                "Ausschuss; Gremium; seit 01.06.2014",
                f"{base}/gremium/2",
                f"{base}/organization/2",
            ],
            [
                "Beispielstadt",
                "Stadt Beispielstadt",
                "Körperschaft",
                "",
                "",
                "Kreisfreie Stadt",
                "https://www.beispielstadt.example/",
                f"{base}/body/1",
            ],
            [
                "FB 56",
                "Fachbereich Soziales",
                "Fachbereich",
                "Beispielstadt",
                "",
                "Verwaltungsbereich",
                "",
                f"{base}/organization/4",
            ],
            [
                "Rat",
                "Rat der Stadt Beispielstadt",
                "Gremium",
                "Beispielstadt",
                "",
                "Rat; Gremium",
                "",
                f"{base}/organization/1",
            ],
            [
                "Unterausschuss Sozialplanung",
                "Unterausschuss Sozialplanung",
                "Ausschuss",
                "ASID",
                "",
                "Gremium; bis 31.10.2020",
                "",
                f"{base}/organization/3",
            ],
        ],
        "Veranstaltungen.csv": [
            EVENT_HEADERS,
            [
                asid_meeting,
                "Sitzung des Ausschusses für Soziales, Integration und Demographie",
                "Sitzung",
                "07.12.2017",
                "ASID",
                "",
                "",
                'Tagesordnung: 1 Sachstand Aufbau einer Plattform zur Sozialplanung; 2 =HYPERLINK("x"); Verschiedenes',
                f"{base}/meeting/11",
            ],
            [
                "Sitzung des Rates",
                "Sitzung des Rates",
                "Sitzung",
                "20.06.2018",
                "Rat",
                "",
                "",
                "",
                f"{base}/meeting/14",
            ],
            [
                "Sitzung Unterausschuss Sozialplanung am 14.03.2018",
                "Sitzung Unterausschuss Sozialplanung am 14.03.2018",
                "Sitzung",
                "14.03.2018",
                "Unterausschuss Sozialplanung",
                "",
                "",
                "",
                f"{base}/meeting/12",
            ],
        ],
        "Quellen.csv": [
            SOURCE_HEADERS,
            [
                "FB 56/0118/WP17",
                "Sachstand Aufbau einer Plattform zur Sozialplanung",
                "Mitteilungsvorlage",
                "21.11.2017",
                f"{base}/vo/118",
                f"{base}/paper/118",
            ],
        ],
        "Themenvorschlaege.csv": [
            CANDIDATE_HEADERS,
            [
                asid_meeting,
                "1",
                "Sachstand Aufbau einer Plattform zur Sozialplanung",
                "",
                f"{base}/agendaitem/111",
            ],
            [
                asid_meeting,
                "2",
                '\'=HYPERLINK("x")',
                "",
                f"{base}/agendaitem/112",
            ],  # never a formula in Excel
            [asid_meeting, "", "Verschiedenes", "", f"{base}/agendaitem/113"],
        ],
    }


ALL_PAGES = [
    "/oparl",
    "/bodies",
    "/body/1/organizations",
    "/body/1/organizations?page=2",
    "/body/1/meetings",
    "/body/1/meetings?page=2",
    "/body/1/meetings?page=3",
    "/body/1/papers",
]


def test_a_server_is_read_page_by_page(tmp_path):
    out = tmp_path / "ratsinfo"
    with oparl_server() as server:
        result = run("oparl", f"{server.base}/oparl", "-o", str(out), "--timeout", "10")
        asked = list(server.requests)
    assert result.exit_code == 0, result.output
    assert asked == ALL_PAGES  # never the persons
    for name, rows in server_rows(server.base).items():
        assert sheet(out / name) == rows, name
    assert result.stderr.splitlines()[1:3] == [
        "read 11 objects from 8 pages",
        "not imported: 1 System, 1 cancelled meeting",
    ]
    assert "Musterfrau" not in "".join(p.read_text(encoding="utf-8") for p in out.iterdir())
    assert run("validate", "--data", str(out)).exit_code == 0


def test_reading_stops_at_its_page_bound_and_says_so(tmp_path):
    out = tmp_path / "ratsinfo"
    with oparl_server() as server:
        result = run("oparl", f"{server.base}/oparl", "-o", str(out), "--max-pages", "4")
        asked = list(server.requests)
    assert result.exit_code == 0, result.output
    assert asked == ALL_PAGES[:4]
    assert (
        f"warning: stopped at --max-pages 4 after 4 pages and 6 objects; not read: "
        f"{server.base}/body/1/meetings and 1 more lists"
    ) in result.stderr.splitlines()
    assert "warning: the import is incomplete (see above)" in result.stderr.splitlines()
    assert sheet(out / "Akteure.csv") == server_rows(server.base)["Akteure.csv"]
    assert sheet(out / "Veranstaltungen.csv") == [EVENT_HEADERS]


def test_reading_stops_at_its_object_bound():
    with oparl_server() as server:
        harvest = read_url(f"{server.base}/oparl", max_objects=5, timeout=10)
        asked = list(server.requests)
    assert asked == ALL_PAGES[:4]
    assert [f.obj["id"] for f in harvest.objects][2:] == [
        f"{server.base}/organization/1",
        f"{server.base}/organization/2",
        f"{server.base}/organization/3",
    ]
    assert harvest.notes == [
        f"stopped at --max-objects 5: 1 objects of {server.base}/body/1/organizations?page=2 not read"
    ]
    assert not harvest.complete


def test_a_link_to_another_host_is_not_followed():
    with oparl_server() as server, offline([server.base.split("//")[1].split(":")[0]]):
        harvest = read_url(f"{server.base}/elsewhere", timeout=10)
    assert [f.obj["id"] for f in harvest.objects] == [f"{server.base}/paper/9"]
    assert harvest.notes == ["not followed: http://192.0.2.1/papers?page=2 is on another host than 127.0.0.1"]
    assert not harvest.complete


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "{base}/missing: the server answered HTTP 404 Not Found"),
        ("/html", "{base}/html: the server did not send JSON (line 1, column 1)"),
        (
            "/moved",
            "{base}/moved: the server redirects to http://localhost:{port}/oparl, another host; not followed "
            "(name that address to read from it)",
        ),
        ("/slow", "{base}/slow: no complete answer within 1 s (--timeout)"),
    ],
)
def test_a_server_that_fails_gives_a_message_and_exit_1(tmp_path, path, message):
    out = tmp_path / "ratsinfo"
    with oparl_server() as server:
        result = run("oparl", server.base + path, "-o", str(out), "--timeout", "1")
        asked = list(server.requests)
    assert result.exit_code == 1
    port = server.base.rsplit(":", 1)[1]
    assert result.stderr.splitlines()[-1] == "Error: " + message.format(base=server.base, port=port)
    assert asked == [path]  # the redirect to localhost was not followed
    assert not out.exists()


SPY = """
import sys, urllib.request
from click.testing import CliRunner
import cli
import graph.exchange.oparl_fetch as fetch

real, seen = fetch._get_json, []

def spy(opener, address, timeout):
    try:
        urllib.request.urlopen("http://192.0.2.1/", timeout=2)
    except Exception as exc:
        seen.append(f"another host: {type(exc).__name__} {exc}")
    return real(opener, address, timeout)

fetch._get_json = spy
result = CliRunner().invoke(cli.main, ["oparl", sys.argv[1], "-o", sys.argv[2]])
print(*seen, f"exit {result.exit_code}", sep=chr(10))
"""


def test_during_an_import_only_the_named_host_can_be_reached(tmp_path):
    """In a fresh process (the guard's allow list lives as long as the process)."""
    import subprocess
    import sys

    with oparl_server() as server:
        done = subprocess.run(
            [sys.executable, "-c", SPY, f"{server.base}/body/1/papers", str(tmp_path / "out")],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=Path(__file__).resolve().parent.parent,
        )
    assert done.stdout.splitlines() == [
        "another host: NetworkForbidden refused to open a connection to 192.0.2.1: sozialgraph works offline; "
        "name a SPARQL endpoint to allow its host",
        "exit 0",
    ], done.stderr
    assert server.requests == ["/body/1/papers"]


def test_a_folder_of_saved_list_pages_reads_like_the_server(tmp_path):
    base = "http://127.0.0.1:8000"
    for number, page in enumerate(pages(base).values()):
        (tmp_path / f"{number:02d}.json").write_text(json.dumps(page), encoding="utf-8")
    harvest = read_folder(tmp_path)
    result = map_objects(harvest.objects)
    assert [r["id"] for r in result.rows["sources"]] == ["FB 56/0118/WP17", "9/2020"]
    assert len(result.rows["actors"]) == 5 and len(result.rows["events"]) == 3
    assert result.notes == [
        "not imported: 1 Person, 1 System, 1 cancelled meeting",
        "persons and memberships are never imported (data protection)",
    ]
    assert all(base in r["source"] for rows in result.rows.values() for r in rows)
