"""Properties of reading inputs (hypothesis), and a bounded fuzz run of the CSV and xlsx readers.

The fuzz tests assert one thing: whatever the bytes, reading ends in a loaded
dataset or in DataError with its problems, never in another exception. The
runs are derandomised (the same examples on every run, so CI does not flicker)
and bounded by ``max_examples``; together they take a few seconds.
"""

from __future__ import annotations

import csv
import io
import tempfile
import unicodedata
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from rdflib import URIRef

from graph.errors import DataError, Problem
from graph.io.checks import clean, id_problems, text_problems
from graph.io.csvfile import read_csv_records
from graph.io.ids import entity_iri
from graph.io.load import read_dataset
from graph.namespaces import DCTERMS, RDF, SP

BASE = "https://w3id.org/sozialgraph/id/t/"
FAST = settings(max_examples=150, deadline=None, derandomize=True, database=None)
FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Any text a cell can hold in a file: no NUL (a file with one is refused as binary), no lone surrogates.
cell = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30)


def _load(folder: Path):
    """read_dataset, allowing only its documented error."""
    try:
        return read_dataset(folder, base=BASE), None
    except DataError as exc:
        assert exc.problems and all(isinstance(p, Problem) for p in exc.problems)
        return None, exc.problems


@FAST
@given(
    rows=st.lists(st.lists(cell, min_size=3, max_size=3), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    bom=st.booleans(),
)
def test_any_text_survives_csv_write_and_read(rows, delimiter, bom):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")  # as Excel writes CSV
    writer.writerows([["id", "name", "description"], *rows])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "themes.csv"
        path.write_bytes((("\ufeff" if bom else "") + out.getvalue()).encode("utf-8"))
        problems: list[Problem] = []
        assert read_csv_records(path, "themes.csv", problems) == [["id", "name", "description"], *rows]
        assert problems == []


@FAST
@given(text=cell)
def test_any_description_arrives_cleaned_or_is_refused_at_its_cell(text):
    with tempfile.TemporaryDirectory() as tmp:
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(
            [["id", "name", "description"], ["T", "Thema", text]]
        )
        (Path(tmp) / "themes.csv").write_text(out.getvalue(), encoding="utf-8")
        loaded, problems = _load(Path(tmp))
    if problems is not None:
        assert {(p.file, p.row, p.column) for p in problems} == {("themes.csv", 2, "description")}
        assert [p.message for p in problems] == text_problems(clean(text))
    else:
        value = loaded.graph.value(URIRef(BASE + "themes/T"), DCTERMS.description)
        assert (str(value) if value is not None else "") == clean(text)


@FAST
@given(text=st.text(max_size=30))
def test_cleaning_is_nfc_and_idempotent(text):
    once = clean(text)
    assert unicodedata.is_normalized("NFC", once)
    assert clean(once) == once
    assert unicodedata.normalize("NFC", unicodedata.normalize("NFC", text)) == unicodedata.normalize(
        "NFC", text
    )


ident = st.text(st.characters(categories=("Lu", "Ll", "Lo", "Mn", "Nd")), min_size=1, max_size=12)


@FAST
@given(ident=ident, id_form=st.sampled_from(["NFC", "NFD"]), ref_form=st.sampled_from(["NFC", "NFD"]))
def test_ids_normalise_the_same_in_the_id_column_and_in_references(ident, id_form, ref_form):
    nfc = clean(ident)
    assume(nfc and not id_problems(nfc) and not text_problems(nfc))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "actors.csv").write_text(
            f"id,name,type\n{unicodedata.normalize(id_form, ident)},Akteur,external\n", encoding="utf-8"
        )
        (folder / "plans.csv").write_text(
            f"id,name,owner\nP,Plan,{unicodedata.normalize(ref_form, ident)}\n", encoding="utf-8"
        )
        loaded = read_dataset(folder, base=BASE)
    actor = entity_iri(BASE, "actors", nfc)
    assert list(loaded.graph.subjects(RDF.type, SP.Actor)) == [actor]
    assert loaded.graph.value(URIRef(BASE + "plans/P"), SP.ledBy) == actor


# --------------------------------------------------------------------------
# fuzz: only DataError escapes


@FUZZ
@given(data=st.binary(max_size=400), name=st.sampled_from(["themes.csv", "Akteure.csv"]))
def test_fuzz_csv_bytes(data, name):
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / name).write_bytes(data)
        _load(Path(tmp))


@FUZZ
@given(
    lines=st.lists(st.lists(cell, max_size=5), max_size=6),
    header=st.sampled_from(["id;name;broader", "ID,Name,#x", "id\tname"]),
)
def test_fuzz_csv_text(lines, header):
    with tempfile.TemporaryDirectory() as tmp:
        body = "\n".join(",".join(line) for line in lines)
        (Path(tmp) / "themes.csv").write_text(
            header + "\n" + body, encoding="utf-8", errors="surrogateescape"
        )
        _load(Path(tmp))


def _workbook_bytes() -> dict[str, bytes]:
    wb = Workbook()
    ws = wb.active
    ws.title = "Themen"
    ws.append(["ID", "Name", "Oberthema"])
    ws.append(["armut", "Armut", None])
    ws.append(["kinderarmut", "Kinderarmut", "armut"])
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as z:
        return {name: z.read(name) for name in z.namelist()}


PARTS = _workbook_bytes()


@FUZZ
@given(data=st.binary(max_size=600))
def test_fuzz_xlsx_bytes(data):
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "book.xlsx").write_bytes(data)
        _load(Path(tmp) / "book.xlsx")


@FUZZ
@given(
    part=st.sampled_from(sorted(PARTS)),
    at=st.floats(0, 1),
    insert=st.one_of(
        st.text(max_size=20),
        st.sampled_from(
            [
                '<mergeCell ref="A1:B2"/>',
                '<mergeCell ref="A1:ZZZZZZZZZZZZ9999999999999"/>',
                '<c r="A' + "9" * 5000 + '"><f>1</f></c>',
                '<c r="ZZZ0"><f>x</f></c>',
                "<row/>",
                '<c r="A9" t="e"/>',
                "<!DOCTYPE x>",
                "&amp;",
                '<sheet name="Akteure" r:id="rId9"/>',
            ]
        ),
    ),
    cut=st.integers(0, 20),
)
def test_fuzz_xlsx_parts(part, at, insert, cut):
    """A well-packed archive whose XML is damaged: the scanner and openpyxl meet every part."""
    text = PARTS[part].decode("utf-8", errors="replace")
    pos = int(at * len(text))
    damaged = text[:pos] + insert + text[pos + cut :]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in PARTS.items():
                z.writestr(name, damaged.encode("utf-8", errors="surrogatepass") if name == part else data)
        _load(path)


@FUZZ
@given(
    rows=st.lists(
        st.lists(
            st.one_of(
                st.none(),
                st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=15),
                st.integers(-(10**15), 10**15),
                st.floats(allow_nan=False, allow_infinity=False),
                st.dates(),
                st.sampled_from(["=1+1", "=A1", "#REF!", "armut", "FB 56", "03.05."]),
            ),
            max_size=4,
        ),
        max_size=5,
    ),
    title=st.sampled_from(["Themen", "Akteure", "Ziele", "Notizen"]),
)
def test_fuzz_xlsx_cells(rows, title):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(["ID", "Name", "Oberthema", "Typ"])
    for row in rows:
        ws.append(row)
    with tempfile.TemporaryDirectory() as tmp:
        wb.save(Path(tmp) / "book.xlsx")
        _load(Path(tmp) / "book.xlsx")
