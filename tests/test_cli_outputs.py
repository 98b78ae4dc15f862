"""What the commands write: the format -o names, nothing destroyed, devices and consoles handled."""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from rdflib import Graph
from rdflib.compare import isomorphic

import cli
from graph.files import MANIFEST
from graph.io.load import read_dataset

ROOT = Path(cli.__file__).resolve().parent
HOSTILE = ROOT / "tests" / "fixtures" / "output" / "hostile"


def run(*args: str, cwd: Path | None = None):
    return CliRunner().invoke(cli.main, list(args), catch_exceptions=False)


def sozialgraph(*args: str | bytes, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The command in its own process (for real file descriptors, encodings and argv bytes)."""
    code = "import sys, cli; cli.main(prog_name='sozialgraph')"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=300,
    )


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ------------------------------------------------------------ -o names the format


def test_export_to_a_workbook_file_writes_a_workbook(example_path, tmp_path):
    target = tmp_path / "x.xlsx"
    result = run("export", "--data", str(example_path), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(target)
    loaded = read_dataset(example_path)
    assert isomorphic(read_dataset(target, base=loaded.base).graph, loaded.graph)


def test_sections_to_a_csv_file_are_one_long_table(example_path, tmp_path):
    target = tmp_path / "x.csv"
    assert run("overlaps", "--data", str(example_path), "-o", str(target)).exit_code == 0
    frame = pd.read_csv(target, dtype=str, keep_default_na=False)
    assert list(frame.columns[:1]) == ["section"]
    assert sorted(set(frame["section"])) == ["hotspots", "shared-goals", "shared-themes"]
    table = run("overlaps", "--data", str(example_path), "--format", "json")
    import json

    expected = json.loads(table.stdout)
    for name, rows in expected.items():
        part = frame[frame["section"] == name]
        assert len(part) == len(rows), name
        assert part.iloc[0][list(rows[0])].tolist() == [str(v) for v in rows[0].values()], name


def test_sections_to_a_workbook_file_are_one_sheet_each(example_path, tmp_path):
    target = tmp_path / "luecken.xlsx"
    assert run("gaps", "--data", str(example_path), "-o", str(target)).exit_code == 0
    book = load_workbook(target)
    assert book.sheetnames[:2] == ["uncovered-event-themes", "unplanned-themes"]
    rows = [[c.value for c in row] for row in book["unplanned-themes"].iter_rows()]
    assert rows[0] == ["theme_id", "theme", "broader", "actors_working", "only_in"]
    # Sport is only in the Sportentwicklungsplan, which has ended
    assert [r[0] for r in rows[1:]] == ["digitale-teilhabe", "einsamkeit-alter", "sicherheit", "sport"]
    assert rows[-1][-1] == "Sportentwicklungsplan (beendet)"


def test_a_query_to_a_workbook_file(example_path, tmp_path):
    target = tmp_path / "armut.xlsx"
    result = run("query", "theme-actors", "-p", "theme=armut", "--data", str(example_path), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert load_workbook(target).sheetnames == ["theme-actors"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["overlaps", "-f", "json", "-o", "x.csv"], "-o x.csv names csv, but the format asked for is json"),
        (["overlaps", "--excel", "-o", "x.md"], "-o x.md names md, but the format asked for is csv"),
        (["export", "--to", "ttl", "-o", "x.xlsx"], "-o x.xlsx names xlsx, but the format asked for is ttl"),
        (["export", "-o", "x.rdf"], "this command does not write rdfxml"),
        (["template", "-o", "x.csv"], "does not write csv; it writes xlsx (.xlsx)"),
        (
            ["generate", "--to", "csv", "-o", "land.nt"],
            "-o land.nt names nt, but the format asked for is csv",
        ),
        (["network", "-o", "x.csv"], "this command does not write csv"),
        (["query", "hotspots", "-f", "xlsx"], "xlsx is a workbook: write it to a file with -o FILE.xlsx"),
        (["stats", "-o", "x.docx"], "this command does not write docx"),
    ],
)
def test_a_format_that_contradicts_the_suffix_is_a_usage_error(tmp_path, args, message):
    args = [str(tmp_path / a) if a.startswith(("x.", "land.")) else a for a in args]
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert names(tmp_path) == []


def test_the_output_is_never_the_input(example_path, tmp_path):
    data = tmp_path / "aachen"
    shutil.copytree(example_path, data)
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    result = run("overlaps", "--data", str(data), "-o", str(data / "overlaps.csv"))
    assert result.exit_code == 2 and "is inside the input folder" in result.stderr
    workbook = tmp_path / "plan.xlsx"
    assert run("export", "--data", str(data), "-o", str(workbook)).exit_code == 0
    original = workbook.read_bytes()
    result = run("export", "--data", str(workbook), "-o", str(workbook))
    assert result.exit_code == 2 and "is the input; sozialgraph never changes its input" in result.stderr
    assert workbook.read_bytes() == original
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


# ------------------------------------------------------------ devices, links, pipes


@pytest.mark.parametrize("command", [["export", "--to", "nt"], ["overlaps"], ["template"]])
def test_dev_null_stays_a_device(command):
    before = os.stat("/dev/null")
    assert run(*command, "-o", "/dev/null").exit_code == 0
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_dev_stdout_writes_to_the_pipe(example_path):
    done = sozialgraph("export", "--data", str(example_path), "--to", "nt", "-o", "/dev/stdout")
    assert done.returncode == 0, done.stderr
    assert len(Graph().parse(data=done.stdout.decode("utf-8"), format="nt")) == 1009


def test_a_symlinked_output_writes_its_target(example_path, tmp_path):
    real = tmp_path / "shared" / "gaps.md"
    real.parent.mkdir()
    real.write_text("old")
    (tmp_path / "gaps.md").symlink_to(real)
    assert run("gaps", "--data", str(example_path), "-o", str(tmp_path / "gaps.md")).exit_code == 0
    assert (tmp_path / "gaps.md").is_symlink()
    assert real.read_text(encoding="utf-8").startswith("## Event themes without a plan")


# ------------------------------------------------------------ folders


def test_generate_refuses_a_folder_it_did_not_write(tmp_path):
    out = tmp_path / "daten"
    out.mkdir()
    (out / "Haushalt.docx").write_bytes(b"budget 2025")
    result = run("generate", "-n", "1", "-o", str(out))
    assert result.exit_code == 2
    assert "holds files sozialgraph did not write (Haushalt.docx)" in result.stderr
    assert names(out) == ["Haushalt.docx"] and (out / "Haushalt.docx").read_bytes() == b"budget 2025"


@pytest.mark.parametrize("command", [["generate", "-n", "1"], ["demo"]])
def test_the_current_folder_is_refused_without_a_traceback(tmp_path, command):
    (tmp_path / "Haushalt.docx").write_bytes(b"budget")
    done = sozialgraph(*command, "-o", ".", cwd=tmp_path)
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    assert done.stderr.decode().splitlines()[-1] == (
        "Error: .: this is the current folder (or holds it); name a new folder, e.g. out/"
    )
    assert names(tmp_path) == ["Haushalt.docx"]


def test_a_failed_demo_leaves_the_previous_folder(example_path, tmp_path, monkeypatch):
    out = tmp_path / "demo"
    assert run("demo", "--data", str(example_path), "-o", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    import graph.views.write

    real = graph.views.write.write_view

    def failing(graph_view, path, **kw):
        if kw.get("view") == "theme":
            raise MemoryError("the last page did not fit")
        return real(graph_view, path, **kw)

    monkeypatch.setattr(graph.views.write, "write_view", failing)
    result = CliRunner().invoke(cli.main, ["demo", "--data", str(example_path), "-o", str(out)])
    assert result.exit_code == 1
    assert "internal error (MemoryError: the last page did not fit)" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert names(tmp_path) == ["demo"]  # no half-written folder beside it


# ------------------------------------------------------------ consoles


@pytest.fixture
def emoji_data(example_path, tmp_path) -> Path:
    data = tmp_path / "emoji"
    shutil.copytree(example_path, data)
    actors = data / "Akteure.csv"
    text = actors.read_text(encoding="utf-8")
    actors.write_text(text.replace("Fachbereich Wohnen,", "Fachbereich Wohnen 😀 Łódź,", 1), encoding="utf-8")
    return data


def test_demo_on_a_cp1252_console_runs_to_the_end(emoji_data, tmp_path):
    out = tmp_path / "demo"
    done = sozialgraph("demo", "--data", str(emoji_data), "-o", str(out), env={"PYTHONIOENCODING": "cp1252"})
    assert done.returncode == 0, done.stderr.decode("cp1252", "replace")
    assert "Fachbereich Wohnen ? ?ód?" in done.stdout.decode("cp1252")
    assert len(names(out)) == 14  # thirteen files and the manifest
    assert "Fachbereich Wohnen 😀 Łódź" in (out / "overlaps.md").read_text(encoding="utf-8")


def test_a_table_on_a_cp1252_console_says_what_it_replaced(emoji_data):
    args = ("query", "actor-profile", "-p", "actor=FB 56", "--data", str(emoji_data))
    done = sozialgraph(*args, "-f", "csv", env={"PYTHONIOENCODING": "cp1252"})
    assert done.returncode == 0
    assert "Fachbereich Wohnen ? ?ód?" in done.stdout.decode("cp1252")
    assert done.stderr.decode().startswith("warning: the output's encoding (cp1252) cannot show ")
    as_json = sozialgraph(*args, "-f", "json", env={"PYTHONIOENCODING": "cp1252"})
    assert as_json.stderr == b""
    import json

    assert json.loads(as_json.stdout.decode("cp1252"))[0]["actor_label"].startswith(
        "Fachbereich Wohnen 😀 Łódź"
    )


def test_formulas_never_reach_a_spreadsheet(tmp_path):
    for args in (["-f", "csv"], ["--excel"]):
        result = run("gaps", "--data", str(HOSTILE), *args)
        text = result.stdout.removeprefix("\ufeff")
        assert "'=cmd|' /C calc'!A0" in text and "'-Arbeiterwohlfahrt" in text
        assert ",=" not in text and ";=" not in text
    target = tmp_path / "gaps.xlsx"
    assert run("gaps", "--data", str(HOSTILE), "-o", str(target)).exit_code == 0
    book = zipfile.ZipFile(io.BytesIO(target.read_bytes()))
    sheets = [book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in s for s in sheets)
    assert any("=cmd|' /C calc'!A0" in s for s in sheets)


def test_an_own_demo_folder_is_replaced(example_path, tmp_path):
    out = tmp_path / "demo"
    for _ in range(2):
        assert run("demo", "--data", str(example_path), "-o", str(out)).exit_code == 0
    assert MANIFEST in names(out) and len(names(out)) == 14


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("to", ["nt", "csv"])
def test_an_interrupted_run_leaves_no_temporary_file(tmp_path, signal_name, to):
    import signal
    import time

    out = tmp_path / ("land.nt" if to == "nt" else "land")
    code = "import sys, cli; cli.main(prog_name='sozialgraph')"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "generate", "-n", "5000", "--to", to, "-o", str(out)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not any(p.name.startswith(f".{out.name}.") for p in tmp_path.iterdir()):  # writing has begun
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr
            time.sleep(0.02)
        proc.send_signal(getattr(signal, signal_name))
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == (143 if signal_name == "SIGTERM" else 1)
    assert b"Traceback" not in proc.stderr.read()
    assert list(tmp_path.iterdir()) == []
