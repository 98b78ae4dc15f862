"""The Sachstand report: every section, exact figures on the hand-made city, the annex against data/aachen's
CSV, the PDF read back, the message without Chromium, escaping, English, and the same report on every engine.

Figures on the city (tests/fixtures/queries/city.ttl, asked on 2026-11-30) are written by hand from its header
comment: Gesundheit is only in the ended Pflegeplanung, Arbeit only in a plan whose end has passed, Kinderarmut
in no plan, Wohnen covered through its narrower theme by the planned Handlungskonzept Wohnen.
"""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from browser_support import chromium_path
from click.testing import CliRunner
from conftest import CITY, CITY_AS_OF, city_view
from http_support import local_server, send
from report_support import read_report

import cli
from graph.report.model import Para, Section
from graph.report.report import SECTIONS, build_report, write_report

ROOT = Path(__file__).resolve().parent.parent
AACHEN = ROOT / "data" / "aachen"
#: The sections of a city's report ("land" only where the data holds several municipalities: test_land.py).
KEYS = [key for key, _ in SECTIONS if key != "land"]


@pytest.fixture(scope="module")
def city():
    return city_view()


@pytest.fixture(scope="module")
def city_de(city):
    report = build_report(city, as_of=CITY_AS_OF, datasets=["city"])
    return read_report(report.html())


@pytest.fixture(scope="module")
def city_en(city):
    report = build_report(city, lang="en", as_of=CITY_AS_OF, datasets=["city"])
    return read_report(report.html())


@pytest.fixture(scope="module")
def aachen():
    from graph.session import open_dataset

    view = open_dataset(AACHEN, as_of=CITY_AS_OF)[0]
    return build_report(view, as_of=CITY_AS_OF, datasets=["aachen"]).html()


def csv_rows(name: str) -> list[dict[str, str]]:
    with open(AACHEN / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------
# structure


def test_every_section_in_order_with_its_title(aachen):
    doc = read_report(aachen)
    assert list(doc.sections) == KEYS
    assert {k: s.title for k, s in doc.sections.items()} == {
        "summary": "Auf einen Blick",
        "coverage": "Themen der Veranstaltungen und ihre Abdeckung",
        "overlaps": "Gemeinsame Ziele und Schwerpunkte",
        "gaps": "Lücken",
        "matrix": "Wer arbeitet woran? Akteure und Themen",
        "network": "Das Netzwerk",
        "sdg": "Beitrag zu den Nachhaltigkeitszielen (SDG)",
        "teams": "Vorschlag für Moderationsteams",
        "annex": "Anhang: Überblick zu Planungswerken",
        "sources": "Quellen",
    }
    # the annex starts the part that begins on a new page
    assert [k for k, s in doc.sections.items() if "annex" in s.classes.split()] == ["annex"]
    toc = [a.get("href") for tag, a in doc.tags if tag == "a"]
    assert toc == [f"#{k}" for k in KEYS]
    assert doc.title == "Sachstand Sozialplanung"


def test_the_annex_lists_every_plan_of_the_example_under_its_lead_and_partners(aachen):
    annex = read_report(aachen).sections["annex"]
    actors = {row["ID"]: row["Name"] for row in csv_rows("Akteure.csv")}
    plans = csv_rows("Planwerke.csv")
    assert len(plans) == 12
    for plan in plans:
        lead = annex.table_after(f"{actors[plan['Federführung']]} ({plan['Federführung']})")
        assert [
            "Planwerk",
            plan["ID"],
            plan["Name"],
            "federführend",
            plan["Status"],
            plan["Jahr"],
            "",
        ] in lead
        for partner in (p.strip() for p in plan["Beteiligte"].split(";") if p.strip()):
            rows = annex.table_after(f"{actors[partner]} ({partner})")
            assert [
                "Planwerk",
                plan["ID"],
                plan["Name"],
                "beteiligt",
                plan["Status"],
                plan["Jahr"],
                "",
            ] in rows
    listed = {row[1] for table in annex.tables() for row in table[1:] if row[0] == "Planwerk"}
    assert listed == {plan["ID"] for plan in plans}


def test_the_annex_lists_every_instrument_under_its_lead(aachen):
    annex = read_report(aachen).sections["annex"]
    actors = {row["ID"]: row["Name"] for row in csv_rows("Akteure.csv")}
    for inst in csv_rows("Instrumente.csv"):
        rows = annex.table_after(f"{actors[inst['Federführung']]} ({inst['Federführung']})")
        assert [
            "Steuerungsinstrument",
            inst["ID"],
            inst["Name"],
            "federführend",
            inst["Status"],
            "",
            "",
        ] in rows


# --------------------------------------------------------------------------
# figures on the hand-made city


def test_summary_figures(city_de):
    summary = city_de.sections["summary"]
    assert summary.texts("li") == [
        "3 von 5 Themen auf Tagesordnungen von Veranstaltungen sind durch ein Planwerk abgedeckt.",
        "4 von 9 Themen deckt kein Planwerk ab.",
        "3 von 7 Zielen stehen in keinem Planwerk, das zählt.",
        "4 Paare von Akteuren arbeiten an gemeinsamen Zielen.",
        "Lokale Ziele nennen 4 der 17 Nachhaltigkeitsziele (SDG).",
    ]
    inventory, statuses = summary.tables()
    assert inventory[1:] == [
        ["Akteure", "9"],
        ["Themen", "9"],
        ["Planwerke", "7"],
        ["Ziele", "7"],
        ["Instrumente", "5"],
        ["Veranstaltungen", "2"],
        ["Quellen", "0"],
    ]
    # AMP is entered as aktiv, but its end has passed: it does not count; LKT has no status
    assert statuses == [
        ["Status", "Planwerke", "davon zählen", "Instrumente", "davon zählen"],
        ["aktiv", "3", "2", "3", "3"],
        ["geplant", "1", "1", "1", "1"],
        ["vorgeschlagen", "1", "0", "0", "0"],
        ["beendet", "1", "0", "1", "0"],
        ["(ohne Angabe)", "1", "1", "0", "0"],
    ]


def test_coverage_of_the_event_themes(city_de):
    coverage = city_de.sections["coverage"]
    assert coverage.texts("h3") == [
        "Sozialkonferenz 2017 (27.11.2017)",
        "Sitzung der Sozial-Plattform (14.03.2018)",
    ]
    assert coverage.table_after("Sozialkonferenz 2017 (27.11.2017)") == [
        ["Thema", "Abdeckung", "Planwerke"],
        ["Armut", "abgedeckt", "Sozialentwicklungsplan (aktiv)"],
        ["Kinderarmut", "in keinem Planwerk", ""],
        ["Wohnen", "abgedeckt", "Handlungskonzept Wohnen (geplant)"],  # through its narrower theme
    ]
    assert coverage.table_after("Sitzung der Sozial-Plattform (14.03.2018)") == [
        ["Thema", "Abdeckung", "Planwerke"],
        ["Gesundheit", "nur in Planwerken, die nicht zählen", "Pflegeplanung (beendet)"],
        ["Bezahlbarer Wohnraum", "abgedeckt", "Handlungskonzept Wohnen (geplant)"],
    ]
    assert [t for t in coverage.texts("p") if "abgedeckt." in t] == [
        "2 von 3 Themen abgedeckt.",
        "1 von 2 Themen abgedeckt.",
    ]


def test_gaps_name_the_plans_that_do_not_count(city_de):
    gaps = city_de.sections["gaps"]
    assert gaps.table_after("Themen, die kein Planwerk abdeckt") == [
        ["Thema", "Oberthema", "Akteure, die daran arbeiten", "nur in"],
        ["Arbeit", "", "0", "Arbeitsmarktprogramm 2014–2018 (aktiv, Ende 31.12.2018)"],
        ["Digitale Teilhabe", "Soziale Teilhabe", "0", "Digitalstrategie (vorgeschlagen)"],
        ["Gesundheit", "", "1", "Pflegeplanung (beendet)"],
        ["Kinderarmut", "Armut", "2", ""],
    ]
    assert gaps.table_after("Ziele ohne Planwerk, das zählt")[1:] == [
        ["Z2", "Kinderarmut senken", "Fachbereich Kinder, Jugend und Schule", ""],
        ["Z6", "Gesundheit fördern", "Gesundheitsamt der StädteRegion Aachen", "Pflegeplanung (beendet)"],
        ["Z7", "Barrierefreiheit herstellen", "", ""],
    ]
    assert gaps.table_after("Planwerke ohne Ziele")[1:] == [
        ["LKT", "Leitbild Kulturelle Bildung", "Fachbereich Kinder, Jugend und Schule", "2019", ""]
    ]


def test_overlaps_matrix_and_sdg_on_the_city(city_de):
    pairs = city_de.sections["overlaps"].table_after("Wer arbeitet an denselben Zielen?")
    assert [row[:3] for row in pairs[1:]] == [
        ["Fachbereich Kinder, Jugend und Schule (FB 45)", "Fachbereich Wohnen, Soziales und Integration (FB 56)", "3"],
        ["Fachbereich Wohnen, Soziales und Integration (FB 56)", "Fachbereich Stadtentwicklung, Stadtplanung und Mobilitätsinfrastruktur (FB 61)", "2"],
        ["Fachbereich Kinder, Jugend und Schule (FB 45)", "Gesundheitsamt der StädteRegion Aachen (GA)", "1"],
        ["Fachbereich Wohnen, Soziales und Integration (FB 56)", "Gesundheitsamt der StädteRegion Aachen (GA)", "1"],
    ]  # fmt: skip
    heat = city_de.sections["matrix"].tables()[0]
    # themes depth first along the broader themes, each level by name
    # only themes someone works on (not Arbeit, Digitale Teilhabe, nor Wohnen itself: themes count exactly),
    # depth first along the broader themes, each level by name
    assert heat[0] == ["Akteur", "Gesundheit", "Soziale Teilhabe", "Armut", "Kinderarmut", "Bildung",
                       "Bezahlbarer Wohnraum"]  # fmt: skip
    # goals on the theme itself; "·": works on it without a goal (FB 61 leads the instrument I4 on Teilhabe);
    # the departments first, then the partners (JC's only plan does not count: not in the matrix)
    assert heat[1:] == [
        ["FB 45 · Fachbereich Kinder, Jugend und Schule", "", "", "1", "1", "1", ""],
        ["FB 56 · Fachbereich Wohnen, Soziales und Integration", "", "", "1", "1", "1", "2"],
        [
            "FB 61 · Fachbereich Stadtentwicklung, Stadtplanung und Mobilitätsinfrastruktur",
            "",
            "·",
            "",
            "",
            "",
            "2",
        ],
        ["GA · Gesundheitsamt der StädteRegion Aachen", "1", "", "", "", "1", ""],
    ]
    sdg = city_de.sections["sdg"].tables()[0]
    assert sdg[1] == ["1", "Keine Armut", "2", "Sozialentwicklungsplan", "2", "Armut; Kinderarmut"]
    assert sdg[4] == [
        "4",
        "Hochwertige Bildung",
        "1",
        "Schulentwicklungsplan; Sozialentwicklungsplan",
        "3",
        "",
    ]
    assert len(sdg) == 18


def test_the_network_picture_is_static_and_the_same_every_time(city):
    first = build_report(city, as_of=CITY_AS_OF).html()
    assert build_report(city, as_of=CITY_AS_OF).html() == first
    doc = read_report(first)
    svg_tags = {tag for tag, _ in doc.tags}
    assert "svg" in svg_tags and "script" not in svg_tags
    labels = [a.get("aria-label") for tag, a in doc.tags if tag == "svg"]
    assert labels[0].startswith(
        "Netzwerkbild. Die zentralsten Knoten: Fachbereich Wohnen, Soziales und Integration"
    )


def test_teams_section_on_the_teams_fixture():
    from graph.session import open_dataset

    view = open_dataset(
        Path(__file__).parent / "fixtures" / "teams" / "teams.ttl", as_of=dt.date(2026, 1, 1)
    )[0]
    # K1 has passed on 2026-01-01 and K2 has no agenda: the latest event with one, K1
    teams = read_report(build_report(view, as_of=dt.date(2026, 1, 1)).html()).sections["teams"]
    table = teams.tables()[0]
    assert [row[:3] for row in table] == [
        ["Thema", "Verwaltung", "externer Partner"],
        ["Armut", "Fachbereich Soziales (FB 50)", "Arbeiterwohlfahrt (AWO)"],
        ["Bildung", "Fachbereich Schule (FB 40)", "Caritasverband (CAR)"],
        ["Einsamkeit", "–", "–"],
        ["Pflege", "Städtische Seniorenheime (SH)", "–"],
        ["Wohnen", "Fachbereich Soziales (FB 50)", "Arbeiterwohlfahrt (AWO)"],
    ]
    assert table[4][4] == (
        "kein externer Partner arbeitet daran; Gesundheitsamt (GA): arbeitet am Oberthema Gesundheit oder "
        "einem Thema darunter; Arbeiterwohlfahrt (AWO): hat sich bei Veranstaltungen mit dem Thema befasst "
        "(arbeitet nicht daran)"
    )
    assert teams.texts("p")[0].startswith(
        "Für jedes Thema der Veranstaltung „Sozialkonferenz 2025“ (20.11.2025)"
    )


# --------------------------------------------------------------------------
# English


def test_english_headings_and_the_ontologys_words(city_en):
    assert city_en.sections["annex"].title == "Annex: Overview of planning documents"
    coverage = city_en.sections["coverage"]
    assert coverage.table_after("Sitzung der Sozial-Plattform (2018-03-14)") == [
        ["Theme", "Coverage", "Plans"],
        ["Gesundheit", "only in plans that do not count", "Pflegeplanung (ended)"],
        ["Bezahlbarer Wohnraum", "covered", "Handlungskonzept Wohnen (planned)"],
    ]
    unplanned = city_en.sections["gaps"].table_after("Themes no plan covers")
    assert unplanned[1] == ["Arbeit", "", "0", "Arbeitsmarktprogramm 2014–2018 (active, ends 2018-12-31)"]
    assert city_en.sections["gaps"].table_after("Inactive actors")[1:] == [
        ["JC", "Jobcenter", "external partner", ""]
    ]
    statuses = city_en.sections["summary"].tables()[1]
    assert [row[0] for row in statuses] == ["Status", "active", "planned", "proposed", "ended", "(not given)"]
    fb56 = city_en.sections["annex"].table_after("Fachbereich Wohnen, Soziales und Integration (FB 56)")
    assert fb56[0] == ["Kind", "Id", "Name", "Role", "Status", "Year", "End"]
    assert ["plan", "SEP", "Sozialentwicklungsplan", "leads", "active", "2017", ""] in fb56
    assert ["plan", "PFL", "Pflegeplanung", "partner", "ended", "2015", ""] in fb56
    assert ["goal", "Z1", "Armut bekämpfen", "pursues directly; through a plan it leads; through an instrument it leads",
            "", "", ""] in fb56  # fmt: skip
    assert ["goal", "Z4", "Bezahlbaren Wohnraum schaffen", "as a partner of a plan", "", "", ""] in fb56
    assert city_en.sections["sdg"].tables()[0][1][1] == "No poverty"
    assert ("html", {"lang": "en"}) in city_en.tags


# --------------------------------------------------------------------------
# safety: escaped, nothing loaded


def _hostile(tmp_path: Path) -> Path:
    text = CITY.read_text(encoding="utf-8")
    for old, new in (
        (
            'rdfs:label "Fachbereich Wohnen, Soziales und Integration"',
            'rdfs:label "FB <script>alert(1)</script>"',
        ),
        ('skos:prefLabel "Armut"', 'skos:prefLabel "Armut\\"><img src=x onerror=alert(2)>"'),
        ('rdfs:label "Sozialentwicklungsplan"', 'rdfs:label "</style><script>alert(3)</script>"'),
        ('rdfs:label "Sozialkonferenz 2017"', 'rdfs:label "Konferenz & <b>Co</b>"'),
        ('rdfs:label "Testdaten"', 'rdfs:label "<iframe src=javascript:alert(4)>"'),
    ):
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "hostile.ttl"
    path.write_text(text, encoding="utf-8")
    return path


def test_text_from_the_data_is_escaped(tmp_path):
    data = _hostile(tmp_path)
    out = tmp_path / "r.html"
    title = '</title><script>alert(5)</script>"; } body { display: none } x { content: "'
    args = ["report", "--data", str(data), "--as-of", "2026-11-30", "-o", str(out), "--title", title]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    doc = read_report(page)
    tags = {tag for tag, _ in doc.tags}
    assert not tags & {"script", "img", "iframe", "b", "link", "object", "embed"}
    assert not any(name.startswith("on") or name == "style" for _, attrs in doc.tags for name in attrs)
    assert doc.title == title
    coverage = doc.sections["coverage"]
    assert coverage.texts("h3")[0] == "Konferenz & <b>Co</b> (27.11.2017)"
    assert coverage.table_after("Konferenz & <b>Co</b> (27.11.2017)")[1] == [
        'Armut"><img src=x onerror=alert(2)>',
        "abgedeckt",
        "</style><script>alert(3)</script> (aktiv)",
    ]
    assert doc.sections["sources"].tables()[0][1][0] == "<iframe src=javascript:alert(4)>"
    assert "display: none" not in doc.style  # the title reaches the running header escaped for CSS
    assert "FB &lt;script&gt;alert(1)&lt;/script&gt;" in page  # also in the picture


def test_the_page_loads_nothing(aachen):
    doc = read_report(aachen)
    csp = next(
        a["content"] for t, a in doc.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp.startswith("default-src 'none'; style-src 'sha256-")
    assert not [a for _, a in doc.tags if "src" in a]
    assert all(a["href"].startswith("#") for t, a in doc.tags if "href" in a)
    assert "<script" not in aachen


# --------------------------------------------------------------------------
# sections can be added


def test_a_section_can_be_added(city):
    def changes(ctx):
        return Section("changes", "Änderungen", [Para(f"seit {ctx.options['since']}")])

    sections = (SECTIONS[0], ("changes", changes), *SECTIONS[1:])
    report = build_report(city, as_of=CITY_AS_OF, sections=sections, options={"since": "2025"})
    doc = read_report(report.html())
    assert list(doc.sections)[:3] == ["summary", "changes", "coverage"]
    assert doc.sections["changes"].texts("p") == ["seit 2025"]


# --------------------------------------------------------------------------
# PDF


def _pdf_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [unicodedata.normalize("NFKC", page.extract_text()) for page in PdfReader(path).pages]


@pytest.mark.browser
def test_the_pdf_has_pages_numbers_and_the_annex_on_a_page_of_its_own(tmp_path, monkeypatch):
    monkeypatch.setenv("SOZIALGRAPH_CHROMIUM", chromium_path())
    out = tmp_path / "sachstand.pdf"
    args = ["report", "--data", str(CITY), "--as-of", "2026-11-30", "-o", str(out)]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stderr
    assert not (tmp_path / "sachstand.html").exists()
    pages = _pdf_text(out)
    n = len(pages)
    assert n >= 4
    for i, text in enumerate(pages, start=1):
        assert f"Seite {i} von {n}" in text
    assert "Sachstand Sozialplanung" in pages[0]
    squeezed = ["".join(text.split()) for text in pages]
    assert all("SachstandSozialplanung·Stand:30.11.2026" in s for s in squeezed[1:])  # the running header
    annex = [i for i, text in enumerate(pages) if "Anhang: Überblick zu Planungswerken" in text]
    start = annex[-1]  # (the first mention is the contents)
    assert pages[start].splitlines().index("Anhang: Überblick zu Planungswerken") <= 2
    everything = "\n".join(pages)
    for words in (
        "Themen der Veranstaltungen und ihre Abdeckung",
        "Pflegeplanung (beendet)",
        "Leitbild Kulturelle Bildung",
    ):
        assert words in everything


@pytest.mark.browser
def test_printing_keeps_the_network_off(tmp_path):
    from graph.report.pdf import html_to_pdf

    with local_server(lambda h: send(h, 200, b"x", "image/png"), path="/pixel.png") as server:
        page = tmp_path / "p.html"
        page.write_text(
            f'<!DOCTYPE html><title>t</title><p>Bericht</p><img src="{server.url}">'
            f'<link rel="stylesheet" href="http://example.org/s.css">',
            encoding="utf-8",
        )
        html_to_pdf(page, tmp_path / "p.pdf", chromium=chromium_path())
    assert server.requests == []
    assert "Bericht" in _pdf_text(tmp_path / "p.pdf")[0]


def test_without_chromium_the_html_is_written_beside_and_the_exit_code_is_1(tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("SOZIALGRAPH_CHROMIUM", raising=False)
    out = tmp_path / "sachstand.pdf"
    args = ["report", "--data", str(CITY), "--as-of", "2026-11-30", "-o", str(out)]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 1
    beside = tmp_path / "sachstand.html"
    assert result.stderr == (
        f"Error: {out} not written: no Chromium to print the PDF with (looked for chromium, chromium-browser, "
        "google-chrome, google-chrome-stable, chrome on PATH, and $SOZIALGRAPH_CHROMIUM); install it "
        "(Debian/Ubuntu: apt-get install chromium) or name it with SOZIALGRAPH_CHROMIUM. The report is written "
        f"as HTML to {beside}; open it in a browser and print it to PDF\n"
    )
    assert not out.exists()
    assert list(read_report(beside.read_text(encoding="utf-8")).sections) == KEYS
    # a file of that name sozialgraph did not write is kept; the next name is taken
    beside.write_text("my own notes", encoding="utf-8")
    again = CliRunner().invoke(cli.main, args)
    assert again.exit_code == 1
    assert beside.read_text(encoding="utf-8") == "my own notes"
    assert "sachstand-2.html" in again.stderr and (tmp_path / "sachstand-2.html").exists()


def test_a_named_program_that_is_missing_is_said(tmp_path, monkeypatch, city):
    monkeypatch.setenv("SOZIALGRAPH_CHROMIUM", str(tmp_path / "no-such-browser"))
    from graph.report.report import ReportNotPrinted

    with pytest.raises(
        ReportNotPrinted, match=r"SOZIALGRAPH_CHROMIUM names .*no-such-browser.*, which is not a program"
    ):
        write_report(build_report(city, as_of=CITY_AS_OF), tmp_path / "r.pdf")
    assert (tmp_path / "r.html").exists()


def test_report_command_usage(tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli.main, ["report", "-o", str(tmp_path / "r.docx")]).exit_code == 2
    assert runner.invoke(cli.main, ["report", "-o", str(tmp_path / "r.html"), "--lang", "fr"]).exit_code == 2
    missing = runner.invoke(
        cli.main, ["report", "--data", str(CITY), "--event", "E9", "-o", str(tmp_path / "r.html")]
    )
    assert missing.exit_code == 1 and "no event with id 'E9'" in missing.stderr
    assert not (tmp_path / "r.html").exists()


# --------------------------------------------------------------------------
# engines


def test_the_same_report_on_rdflib(city):
    rdflib_view = city_view("rdflib")
    assert build_report(rdflib_view, as_of=CITY_AS_OF).html() == build_report(city, as_of=CITY_AS_OF).html()


def test_the_same_report_on_virtuoso(virtuoso_endpoint, aachen):
    from graph.loading import load_into
    from graph.session import Session, Source

    source = Source(
        endpoint=virtuoso_endpoint.url,
        update_endpoint=virtuoso_endpoint.auth_url,
        user=virtuoso_endpoint.user,
        password=virtuoso_endpoint.password,
        graph_iri="https://w3id.org/sozialgraph/test/report",
        dataset="aachen",
    )
    load_into(source, AACHEN)
    session = Session(Source(**{**source.__dict__, "as_of": CITY_AS_OF}))
    try:
        html = build_report(session.store, as_of=CITY_AS_OF, datasets=["aachen"]).html()
    finally:
        session.close()
    assert html == aachen
