"""graph/files.py: files replaced whole, devices and pipes written through, folders replaced only if ours."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from graph.errors import UsageError
from graph.files import MANIFEST, atomic_open, atomic_write, format_for, output_folder


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    yield
    os.umask(old)


# ----------------------------------------------------------------- files


def test_a_failed_or_interrupted_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "gaps.csv"
    target.write_text("old", encoding="utf-8")
    for interruption in (RuntimeError("disk full"), KeyboardInterrupt()):
        with pytest.raises(type(interruption)), atomic_open(target, "w", encoding="utf-8") as fh:
            fh.write("half of the new")
            raise interruption
        assert target.read_text(encoding="utf-8") == "old"
        assert names(tmp_path) == ["gaps.csv"]


def test_new_files_get_the_umask_mode_and_replaced_files_keep_theirs(tmp_path, umask_027):
    fresh = atomic_write(tmp_path / "new.csv", "a")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640  # 0o666 minus the umask 0o027
    kept = tmp_path / "kept.csv"
    kept.write_text("old")
    kept.chmod(0o600)
    atomic_write(kept, "new")
    assert (kept.read_text(), stat.S_IMODE(kept.stat().st_mode)) == ("new", 0o600)


def test_a_symlink_stays_a_link_and_its_target_gets_the_content(tmp_path):
    real = tmp_path / "real" / "overlaps.csv"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    atomic_write(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new"
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "real" / "later.csv")
    atomic_write(dangling, "made")
    assert dangling.is_symlink() and (tmp_path / "real" / "later.csv").read_text() == "made"


def test_dev_null_is_written_through_never_replaced():
    before = os.stat("/dev/null")
    atomic_write("/dev/null", b"nothing to see")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_a_named_pipe_is_written_through(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    atomic_write(pipe, "Armut\n")
    reader.join(timeout=10)
    assert received == [b"Armut\n"]
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert names(tmp_path) == ["pipe"]


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(IsADirectoryError):
        atomic_write(tmp_path, "x")


# ----------------------------------------------------------------- formats


@pytest.mark.parametrize(
    ("path", "given", "choices", "expected"),
    [
        ("x.xlsx", None, ["ttl", "jsonld", "nt", "xlsx"], "xlsx"),
        ("x.NT", None, ["ttl", "jsonld", "nt", "xlsx"], "nt"),
        ("/dev/stdout", "nt", ["ttl", "jsonld", "nt"], "nt"),
        ("out.dat", None, ["table", "csv"], "table"),
        (None, "json", ["table", "json"], "json"),
    ],
)
def test_the_suffix_names_the_format(path, given, choices, expected):
    assert format_for(path, given, choices, "table" if "table" in choices else "ttl") == expected


@pytest.mark.parametrize(
    ("path", "given", "choices", "message"),
    [
        ("x.xlsx", "ttl", ["ttl", "xlsx"], "-o x.xlsx names xlsx, but the format asked for is ttl"),
        (
            "x.rdf",
            None,
            ["ttl", "jsonld"],
            r"-o x.rdf: this command does not write rdfxml; it writes ttl \(.ttl\)",
        ),
        ("x.csv", None, ["xlsx"], r"does not write csv; it writes xlsx \(.xlsx\)"),
    ],
)
def test_a_contradiction_is_a_usage_error(path, given, choices, message):
    with pytest.raises(UsageError, match=message):
        format_for(path, given, choices, choices[0])


# ----------------------------------------------------------------- folders


def test_a_folder_with_the_users_files_is_refused_and_left_alone(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "Haushalt.docx").write_bytes(b"budget")
    ran = False
    with pytest.raises(UsageError, match=r"holds files sozialgraph did not write \(Haushalt\.docx\)"):
        with output_folder(out, command="test"):
            ran = True
    assert not ran  # refused before any work
    assert names(out) == ["Haushalt.docx"] and names(tmp_path) == ["out"]


def test_the_current_folder_and_its_parents_are_refused(tmp_path, monkeypatch):
    inner = tmp_path / "inner"
    inner.mkdir()
    monkeypatch.chdir(inner)
    for place in (".", "..", str(inner)):
        with pytest.raises(UsageError, match="is the current folder"), output_folder(place, command="test"):
            pass
    assert names(inner) == []


def test_an_own_folder_is_replaced_whole_and_a_failure_keeps_the_old_one(tmp_path):
    out = tmp_path / "demo"
    with output_folder(out, command="test") as folder:
        (folder / "a.md").write_text("one")
        (folder / "b.md").write_text("one")
    assert names(out) == [MANIFEST, "a.md", "b.md"]
    with pytest.raises(RuntimeError), output_folder(out, command="test") as folder:
        (folder / "a.md").write_text("two")
        raise RuntimeError("the network view failed")
    assert (out / "a.md").read_text() == "one" and names(out) == [MANIFEST, "a.md", "b.md"]
    assert names(tmp_path) == ["demo"]  # no hidden half-written folder
    with output_folder(out, command="test") as folder:
        (folder / "c.md").write_text("three")
    assert names(out) == [MANIFEST, "c.md"]
    assert names(tmp_path) == ["demo"]


def test_an_own_folder_with_an_added_or_edited_file_is_refused(tmp_path):
    out = tmp_path / "demo"
    with output_folder(out, command="test") as folder:
        (folder / "gaps.md").write_text("ours")
    (out / "notes.txt").write_text("mine")
    with pytest.raises(UsageError, match=r"\(notes\.txt\)"), output_folder(out, command="test"):
        pass
    (out / "notes.txt").unlink()
    (out / "gaps.md").write_text("edited")
    with pytest.raises(UsageError, match=r"gaps\.md \(changed since sozialgraph wrote it\)"):
        with output_folder(out, command="test"):
            pass
    assert (out / "gaps.md").read_text() == "edited"


def test_a_file_in_the_place_of_the_folder_is_refused(tmp_path):
    (tmp_path / "out").write_text("a file")
    with (
        pytest.raises(UsageError, match="is a file, not a folder"),
        output_folder(tmp_path / "out", command="t"),
    ):
        pass


def test_a_new_folder_gets_the_umask_mode(tmp_path, umask_027):
    with output_folder(tmp_path / "out", command="test") as folder:
        (folder / "a.md").write_text("x")
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o750
