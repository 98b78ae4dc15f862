"""Loading datasets into RDF (graph/io/load.py) and staying offline while doing it (graph/offline.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from graph.errors import DataError
from graph.io.load import default_base, entity_iri, read_dataset
from graph.namespaces import DCTERMS, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, SP, XSD
from graph.session import open_dataset

FIXTURES = Path(__file__).parent / "fixtures" / "load"
EN, DE, BAD = FIXTURES / "en", FIXTURES / "de", FIXTURES / "bad"
ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/sozialgraph/id/t/"


def _nt(graph) -> list[str]:
    return sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip())


@pytest.fixture(scope="module")
def reference():
    """The English, comma-separated, UTF-8 fixture: the graph every variant must give."""
    return read_dataset(EN, base=BASE)


def _errors(path, base=BASE) -> list[str]:
    with pytest.raises(DataError) as info:
        read_dataset(path, base=base)
    return [str(p) for p in info.value.problems]


def _variant(tmp_path: Path, **files: str) -> Path:
    """A copy of the English fixture with some files replaced (``None`` deletes)."""
    target = tmp_path / "variant"
    shutil.copytree(EN, target)
    for name, text in files.items():
        name = name.replace("_", ".")
        if text is None:
            (target / name).unlink()
        else:
            (target / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return target


# --------------------------------------------------------------------------
# the data model


def test_reference_graph_follows_the_data_model(reference):
    g = reference.graph
    fb56 = URIRef(BASE + "actors/FB%2056")
    sep = URIRef(BASE + "plans/SEP")
    src = URIRef(BASE + "source/Vorlage%20FB%2056%2F0118%2FWP17")
    assert set(g.objects(fb56, RDF.type)) == {SP.Actor, SP.Department}
    assert g.value(fb56, DCTERMS.identifier) == Literal("FB 56")
    assert g.value(fb56, RDFS.label) == Literal("Fachbereich Wohnen, Soziales und Integration")
    assert g.value(fb56, SCHEMA.url) == URIRef("https://www.aachen.de/fb56")
    assert g.value(fb56, PROV.wasDerivedFrom) == src
    assert set(g.predicate_objects(src)) == {
        (RDF.type, PROV.Entity),
        (RDFS.label, Literal("Vorlage FB 56/0118/WP17")),
    }
    sp_ = URIRef(BASE + "actors/SP")
    assert set(g.objects(sp_, ORG.hasMember)) == {
        fb56,
        URIRef(BASE + "actors/FB%2045"),
        URIRef(BASE + "actors/GA"),
    }
    assert g.value(URIRef(BASE + "actors/B%C3%BCrgerb%C3%BCro"), ORG.subOrganizationOf) == fb56
    assert len(set(g.objects(URIRef(BASE + "actors/GA"), PROV.wasDerivedFrom))) == 2
    foerderung = URIRef(BASE + "themes/F%C3%B6rderung")
    assert set(g.objects(foerderung, RDF.type)) == {SP.Theme, SKOS.Concept}
    assert g.value(foerderung, SKOS.prefLabel) == Literal("Frühe Förderung")
    assert g.value(foerderung, SKOS.broader) == URIRef(BASE + "themes/Bildung")
    assert g.value(foerderung, SKOS.inScheme) == URIRef(BASE + "themes")
    assert g.value(URIRef(BASE + "themes"), RDF.type) == SKOS.ConceptScheme
    assert g.value(sep, SP.ledBy) == fb56
    assert g.value(sep, DCTERMS.issued) == Literal("2017", datatype=XSD.gYear)
    assert g.value(sep, SP.status) == SP.Active
    assert g.value(sep, DCTERMS.type) == Literal("Fachplan")
    assert set(g.objects(sep, DCTERMS.subject)) == {
        URIRef(BASE + "themes/Armut"),
        URIRef(BASE + "themes/Wohnen"),
    }
    assert set(g.objects(URIRef(BASE + "goals/Z2"), SP.statedIn)) == {sep, URIRef(BASE + "plans/HKW")}
    assert len(set(g.objects(URIRef(BASE + "instruments/BP"), SP.serves))) == 3
    sk = URIRef(BASE + "events/SK2017")
    assert g.value(sk, SCHEMA.startDate) == Literal("2017-11-27", datatype=XSD.date)
    assert len(set(g.objects(sk, SCHEMA.attendee))) == 3
    assert len(g) == 156  # the rows' triples (the SDGs themselves are the store's vocabulary, not the data's)
    assert reference.locations[fb56] == ("actors.csv", 2)
    assert reference.locations[sk] == ("events.csv", 2)
    assert (reference.warnings, reference.rdf_files, reference.base) == ([], [], BASE)


def test_ids_with_spaces_and_umlauts_give_valid_iris():
    assert entity_iri(BASE, "actors", "Bürgerbüro") == URIRef(BASE + "actors/B%C3%BCrgerb%C3%BCro")
    assert entity_iri(BASE, "actors", "FB 56/2") == URIRef(BASE + "actors/FB%2056%2F2")
    assert entity_iri(BASE, "themes", "Armut & Teilhabe?") == URIRef(
        BASE + "themes/Armut%20%26%20Teilhabe%3F"
    )


def test_default_base(tmp_path):
    assert default_base(EN) == "https://w3id.org/sozialgraph/id/en/"
    folder = tmp_path / "Düren Sozialplanung"
    folder.mkdir()
    assert default_base(folder) == "https://w3id.org/sozialgraph/id/dueren-sozialplanung/"
    assert default_base(tmp_path / "Übersicht_Straße 2024.xlsx") == (
        "https://w3id.org/sozialgraph/id/uebersicht-strasse-2024/"
    )
    assert read_dataset(EN).base == "https://w3id.org/sozialgraph/id/en/"
    assert read_dataset(EN, base="https://example.org/x").base == "https://example.org/x/"


# --------------------------------------------------------------------------
# every format variant gives the same graph


def test_german_semicolon_bom_crlf_gives_the_same_graph(reference):
    german = read_dataset(DE, base=BASE)
    assert isomorphic(german.graph, reference.graph)
    assert _nt(german.graph) == _nt(reference.graph)
    assert german.locations[URIRef(BASE + "plans/SEP")] == ("Planwerke.CSV", 2)
    assert german.warnings[1] == "Planwerke.CSV: note columns ignored: # Notizen"


def test_windows_1252_gives_the_same_graph(reference, tmp_path):
    for f in DE.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes().decode("utf-8-sig").encode("cp1252"))
    assert _nt(read_dataset(tmp_path, base=BASE).graph) == _nt(reference.graph)


def test_german_dates_and_iso_dates_are_the_same(reference, tmp_path):
    events = (EN / "events.csv").read_text(encoding="utf-8")
    events = events.replace("2017-11-27", "27.11.2017").replace("2018-03-14", "14.3.2018")
    variant = _variant(tmp_path, events_csv=events)
    assert _nt(read_dataset(variant, base=BASE).graph) == _nt(reference.graph)


def test_xlsx_with_german_tabs_excel_dates_and_numeric_years(reference, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for f in sorted(DE.glob("*.[cC][sS][vV]")):
        ws = wb.create_sheet(Path(f.name).stem)
        rows = list(csv.reader(io.StringIO(f.read_text(encoding="utf-8-sig"), newline=""), delimiter=";"))
        for number, row in enumerate(rows):
            if number and ws.title == "Planwerke":
                row[6] = float(row[6]) if "." in row[6] else int(row[6])  # Jahr: 2015.0 and 2017
            if number and ws.title == "Veranstaltungen":
                row[3] = dt.datetime.strptime(row[3], "%d.%m.%Y")  # Datum: a real Excel date
            ws.append(row)
    path = tmp_path / "Sozialplanung.xlsx"
    wb.save(path)
    loaded = read_dataset(path, base=BASE)
    assert _nt(loaded.graph) == _nt(reference.graph)
    assert loaded.locations[URIRef(BASE + "events/PS1")] == ("Sozialplanung.xlsx [Veranstaltungen]", 3)
    assert loaded.warnings[0].startswith("Sozialplanung.xlsx [Notizen]: skipped")


def test_a_missing_sheet_is_fine(reference, tmp_path):
    loaded = read_dataset(_variant(tmp_path, events_csv=None), base=BASE)
    assert not list(loaded.graph.subjects(RDF.type, SP.Event))
    assert len(loaded.graph) == len(reference.graph) - 19  # SK2017: 10 triples, PS1: 9


def test_open_dataset_fills_an_oxigraph_store(reference):
    from graph.store import OxigraphStore

    store, loaded = open_dataset(EN, base=BASE)
    assert isinstance(store.base, OxigraphStore)
    assert len(store) == len(reference.graph) == len(loaded.graph)
    assert isomorphic(store.to_graph(), reference.graph)  # the dataset's graph: no derived relation in it


# --------------------------------------------------------------------------
# RDF files


def test_rdf_files_are_merged_and_references_resolve(tmp_path):
    extra = {
        "@context": {"sp": str(SP._NS), "dct": str(DCTERMS), "rdfs": str(RDFS)},
        "@id": BASE + "actors/Polizei",
        "@type": ["sp:Actor", "sp:ExternalPartner"],
        "dct:identifier": "Polizei",
        "rdfs:label": "Polizeipräsidium Aachen",
    }
    plans = (EN / "plans.csv").read_text(encoding="utf-8").replace('"FB 45, GA"', '"FB 45, GA, Polizei"')
    variant = _variant(tmp_path, plans_csv=plans)
    (variant / "polizei.jsonld").write_text(json.dumps(extra), encoding="utf-8")
    (variant / "extra.ttl").write_text(
        f"<{BASE}themes/Armut> <{SKOS.altLabel}> 'Armutsbekämpfung' .\n", encoding="utf-8"
    )
    loaded = read_dataset(variant, base=BASE)
    polizei = URIRef(BASE + "actors/Polizei")
    assert (URIRef(BASE + "plans/SEP"), SP.partner, polizei) in loaded.graph
    assert loaded.locations[polizei] == ("polizei.jsonld", None)
    assert loaded.graph.value(URIRef(BASE + "themes/Armut"), SKOS.altLabel) == Literal("Armutsbekämpfung")
    assert [p.name for p in loaded.rdf_files] == ["extra.ttl", "polizei.jsonld"]


def test_a_single_turtle_file_is_validated():
    ttl = FIXTURES / "plan_without_owner.ttl"
    assert _errors(ttl) == ["plan_without_owner.ttl owner: plan 'SEP' has no owner: a value is required"]
    loaded = read_dataset(ttl, base=BASE, shacl=False)
    assert loaded.locations[URIRef(BASE + "plans/SEP")] == ("plan_without_owner.ttl", None)


# --------------------------------------------------------------------------
# bad input: one clear problem each, all of them together


def test_unknown_reference_suggests_the_closest_id(tmp_path):
    plans = (
        (EN / "plans.csv")
        .read_text(encoding="utf-8")
        .replace("SEP,Sozialentwicklungsplan,Fachplan,FB 56", "SEP,Sozialentwicklungsplan,Fachplan,FB 65")
    )
    assert _errors(_variant(tmp_path, plans_csv=plans)) == [
        "plans.csv:2 owner: no actor with id 'FB 65' (did you mean 'FB 56'?)"
    ]


def test_single_reference_with_two_values_and_no_break_spaces(tmp_path):
    plans = (EN / "plans.csv").read_text(encoding="utf-8")
    plans = plans.replace(
        "HKW,Handlungskonzept Wohnen,Konzept,FB 56,", "HKW,Handlungskonzept Wohnen,Konzept,FB 56; FB 45,"
    )
    plans = plans.replace('"FB 45, GA"', '"FB\xa045 , GA"')  # a no-break space pasted from Word
    assert _errors(_variant(tmp_path, plans_csv=plans)) == [
        "plans.csv:4 owner: only one value allowed, found 2: 'FB 56', 'FB 45'"
    ]


def test_large_rdf_files_go_straight_into_the_store(tmp_path, monkeypatch):
    import graph.io.load

    variant = _variant(tmp_path)
    (variant / "extra.nt").write_text(
        f'<{BASE}themes/Armut> <{SKOS.altLabel}> "Armutsbekämpfung" .\n', "utf-8"
    )
    monkeypatch.setattr(graph.io.load, "BULK_BYTES", 10)
    store, loaded = open_dataset(variant, base=BASE)
    assert loaded.bulk_files == [variant / "extra.nt"]
    assert loaded.warnings == [
        "extra.nt: large file, read by the store's engine and checked there "
        "(the workbook's rows cannot name its entities)"
    ]
    assert len(loaded.graph) == 156
    assert len(store) == 156 + 1  # the dataset's graph holds the large file's triple too


def test_duplicate_id(tmp_path):
    themes = (EN / "themes.csv").read_text(encoding="utf-8") + "Wohnen,Wohnen und Leben,,,\n"
    assert _errors(_variant(tmp_path, themes_csv=themes)) == [
        "themes.csv:6 id: duplicate id 'Wohnen' (first in row 3)"
    ]


def test_missing_required_column_and_value(tmp_path):
    instruments = """
        ID,Name,Typ
        SBE,Sozialberichterstattung,Monitoring
        WBM,,Monitoring
    """
    assert _errors(_variant(tmp_path, instruments_csv=instruments)) == [
        "instruments.csv:1: the required column 'owner' ('Federführung') is missing",
        "instruments.csv:3 Name: a value is required",
    ]


def test_unknown_actor_type_and_status(tmp_path):
    actors = (
        (EN / "actors.csv")
        .read_text(encoding="utf-8")
        .replace(
            "GA,Gesundheitsamt der StädteRegion Aachen,external",
            "GA,Gesundheitsamt der StädteRegion Aachen,Verein",
        )
    )
    plans = (EN / "plans.csv").read_text(encoding="utf-8").replace(",planned,", ",Geplannt,")
    assert _errors(_variant(tmp_path, actors_csv=actors, plans_csv=plans)) == [
        "actors.csv:5 type: unknown actor type 'Verein'; allowed: department, Fachbereich, enterprise, "
        "Eigenbetrieb, external partner, externer Partner, committee, Ausschuss, body, Gremium, local authority, "
        "Körperschaft",
        "plans.csv:4 status: unknown plan status 'Geplannt' (did you mean 'geplant'?); allowed: active, "
        "aktiv, planned, geplant, proposed, vorgeschlagen, ended, beendet",
    ]


def test_unparsable_date_and_year(tmp_path):
    events = (EN / "events.csv").read_text(encoding="utf-8").replace("2018-03-14", "14.03.18")
    plans = (EN / "plans.csv").read_text(encoding="utf-8").replace(",2015,", ",ca. 2015,")
    assert _errors(_variant(tmp_path, events_csv=events, plans_csv=plans)) == [
        "events.csv:3 date: not a date: '14.03.18' (write 27.11.2017 or 2017-11-27)",
        "plans.csv:3 year: not a year: 'ca. 2015' (write four digits, e.g. 2017)",
    ]


def test_empty_and_binary_files(tmp_path):
    variant = _variant(tmp_path)
    (variant / "events.csv").write_bytes(b"")
    (variant / "themes.csv").write_bytes(b"PK\x03\x04\x14\x00\x06\x00binary")
    # references into the unreadable themes sheet are not reported a second time
    assert _errors(variant) == [
        "events.csv: the file is empty",
        "themes.csv: not a text file (an Excel workbook saved with a .csv name?)",
    ]


def test_broken_turtle_names_the_line(tmp_path):
    variant = _variant(tmp_path)
    (variant / "extra.ttl").write_text('@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n')
    (variant / "extra.nt").write_text(
        "<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> c .\n"
    )
    assert _errors(variant) == [
        "extra.nt:2: not valid N-Triples (line 2): Invalid line: c .",
        "extra.ttl:3: not valid Turtle (line 3): newline found in string literal",
    ]


def test_json_ld_with_a_remote_context_is_not_fetched(tmp_path):
    variant = _variant(tmp_path)
    doc = {
        "@context": ["https://schema.org/", {"ex": "http://e/"}],
        "@id": "ex:a",
        "ex:b": {"@context": "http://e/ctx"},
    }
    (variant / "remote.jsonld").write_text(json.dumps(doc), encoding="utf-8")
    (variant / "broken.jsonld").write_text('{"@id": "x",\n "a": [1,\n}', encoding="utf-8")
    assert _errors(variant) == [
        "broken.jsonld:3: not valid JSON (line 3): Expecting value",
        "remote.jsonld: remote @context <http://e/ctx> is not fetched; inline the context",
        "remote.jsonld: remote @context <https://schema.org/> is not fetched; inline the context",
    ]


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_all_problems_are_reported_together_and_inputs_stay_unchanged():
    before = _snapshot(BAD)
    assert _errors(BAD) == [
        "actors.csv:3 name: a value is required",
        "actors.csv:3 url: not a web address: 'aachen' (write it with https://)",
        "actors.csv:4 id: duplicate id 'FB 56' (first in row 2)",
        "actors.csv:4 part_of: no actor with id 'FB 65' (did you mean 'FB 56'?)",
        "actors.csv:5 type: unknown actor type 'Verein'; allowed: department, Fachbereich, enterprise, "
        "Eigenbetrieb, external partner, externer Partner, committee, Ausschuss, body, Gremium, local authority, "
        "Körperschaft",
        "broken.ttl:3: not valid Turtle (line 3): newline found in string literal",
        "events.csv:2 date: not a date: '31.02.2017' (write 27.11.2017 or 2017-11-27)",
        "goals.csv: not a text file (an Excel workbook saved with a .csv name?)",
        "plans.csv:1: the required column 'owner' ('Federführung') is missing",
        "plans.csv:2 status: unknown plan status 'aktive' (did you mean 'aktiv'?); allowed: active, aktiv, "
        "planned, geplant, proposed, vorgeschlagen, ended, beendet",
        "plans.csv:2 themes: no theme with id 'Armutt' (did you mean 'Armut'?)",
        "plans.csv:2 year: not a year: '20017' (write four digits, e.g. 2017)",
        "remote.jsonld: remote @context <https://schema.org/> is not fetched; inline the context",
    ]
    assert _snapshot(BAD) == before


# --------------------------------------------------------------------------
# offline: the audit hook is process-wide, so these run in a subprocess


def _run(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_forbid_network_refuses_connections_before_they_are_made():
    out = _run(
        """
        import socket, urllib.request, urllib.error
        from graph.errors import StoreError
        from graph.offline import NetworkForbidden, allow_host, forbid_network

        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()  # nothing listens on this port now
        forbid_network()
        forbid_network()  # idempotent
        for attempt in (
            lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql", timeout=5),
            lambda: socket.socket().connect(("127.0.0.1", port)),
            lambda: socket.getaddrinfo("example.org", 80),
        ):
            try:
                attempt()
            except NetworkForbidden as exc:
                assert isinstance(exc, StoreError) and isinstance(exc, PermissionError)
                print("refused:", exc)
        allow_host("127.0.0.1")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql", timeout=5)
        except urllib.error.URLError as exc:
            print("allowed, then:", type(exc.reason).__name__)
        """
    )
    lines = out.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith(
        "refused: refused to open a connection to 127.0.0.1: sozialgraph works offline"
    )
    assert lines[1].startswith("refused: refused to connect to 127.0.0.1:")
    assert lines[2].startswith("refused: refused to look up example.org:")
    assert lines[3] == "allowed, then: ConnectionRefusedError"


def test_loading_never_fetches_imports_or_contexts(tmp_path):
    (tmp_path / "remote.jsonld").write_text(
        '{"@context": "https://schema.org/", "name": "x"}', encoding="utf-8"
    )
    out = _run(
        f"""
        from graph.offline import forbid_network
        from graph.errors import DataError
        from graph.io.load import read_dataset
        from rdflib import URIRef
        from rdflib.namespace import OWL

        forbid_network()
        loaded = read_dataset({str(FIXTURES / "plan_without_owner.ttl")!r}, shacl=False)
        print(sorted(loaded.graph.objects(None, OWL.imports)))
        try:
            read_dataset({str(tmp_path / "remote.jsonld")!r})
        except DataError as exc:
            print(exc)
        """
    )
    assert out.splitlines() == [
        "[rdflib.term.URIRef('http://example.org/not-fetched.ttl')]",
        "remote.jsonld: remote @context <https://schema.org/> is not fetched; inline the context",
    ]
