"""Writing output files and folders safely, and finding the files the package ships.

Every file sozialgraph writes goes through :func:`atomic_open`, every folder
through :func:`output_folder`; :func:`format_for` reads the format a file's
suffix names. The rules, stated once here:

- A regular file is replaced through a temporary file and a rename, so a reader
  never sees half a file and a failed or interrupted run leaves the old file
  (and no temporary file). A new file gets the mode the umask gives; a replaced
  one keeps its mode.
- A symbolic link stays a link: the file it points to gets the new content.
- A device, pipe or socket (``/dev/null``, ``/dev/stdout``, a named pipe) is
  written straight through; it is never replaced by a regular file.
- A folder is written beside its place and swapped in whole. It replaces only an
  empty folder or one that sozialgraph wrote itself (recorded in
  :data:`MANIFEST`, with a checksum per file), so nothing the user put there is
  ever deleted.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from graph.errors import UsageError

__all__ = [
    "MANIFEST",
    "SUFFIXES",
    "atomic_open",
    "atomic_write",
    "example_data",
    "format_for",
    "ontology_file",
    "output_folder",
    "resource_dir",
]

_HERE = Path(__file__).resolve().parent

#: The file in a folder sozialgraph wrote that lists what it wrote (name → SHA-256).
MANIFEST = ".sozialgraph-output.json"

#: The format a file suffix names. Formats sozialgraph does not write are named
#: too, so that ``-o x.rdf`` is an error instead of Turtle in a file called .rdf.
SUFFIXES = {
    ".txt": "table",
    ".csv": "csv",
    ".json": "json",
    ".md": "md",
    ".markdown": "md",
    ".xlsx": "xlsx",
    ".xlsm": "xlsm",
    ".xls": "xls",
    ".ods": "ods",
    ".tsv": "tsv",
    ".ttl": "ttl",
    ".jsonld": "jsonld",
    ".nt": "nt",
    ".nq": "nq",
    ".trig": "trig",
    ".rdf": "rdfxml",
    ".owl": "rdfxml",
    ".xml": "xml",
    ".html": "html",
    ".htm": "html",
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".pdf": "pdf",
    ".docx": "docx",
}
#: Places whose files are devices or stand for other files (never replaced, written through).
_PASS_THROUGH = ("/dev/", "/proc/")


def resource_dir(name: str) -> Path:
    """Return the shipped folder ``ontology`` or ``data``.

    In a source checkout (or an editable install) it is the top-level folder of
    the repository; in an installed wheel it lives in ``graph/_resources``.
    """
    for candidate in (_HERE / "_resources" / name, _HERE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"sozialgraph is installed without its {name}/ folder")


def ontology_file(name: str = "sozialplattform.ttl") -> Path:
    """Path of a file in ``ontology/`` (``sozialplattform.ttl`` or ``shapes.ttl``)."""
    return resource_dir("ontology") / name


def example_data() -> Path:
    """The bundled example: the Aachen Sozial-Plattform of 2017."""
    return resource_dir("data") / "aachen"


# --------------------------------------------------------------------------
# formats


def format_for(
    path: str | os.PathLike | None, given: str | None, choices: Iterable[str], default: str
) -> str:
    """The format to write: the one ``path``'s suffix names, or ``given``, or ``default``.

    A suffix that names a format must agree with ``given`` and be one of
    ``choices``; a path without a known suffix (``/dev/stdout``, ``out.dat``)
    takes ``given`` or ``default``.

    Examples
    --------
    >>> format_for("gaps.csv", None, ["table", "csv"], "table")
    'csv'
    >>> format_for(None, None, ["table", "csv"], "table")
    'table'
    >>> format_for("gaps.csv", "json", ["table", "csv", "json"], "table")
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: -o gaps.csv names csv, but the format asked for is json; make them agree
    """
    choices = list(choices)
    suffix = Path(path).suffix.lower() if path is not None else ""
    named = SUFFIXES.get(suffix)
    if named is None:
        return given or default
    if given is not None and given != named:
        raise UsageError(
            f"-o {Path(path).name} names {named}, but the format asked for is {given}; make them agree"
        )
    if named not in choices:
        known = ", ".join(f"{c} ({_suffix_of(c)})" if _suffix_of(c) else c for c in choices)
        raise UsageError(f"-o {Path(path).name}: this command does not write {named}; it writes {known}")
    return named


def _suffix_of(fmt: str) -> str:
    return next((s for s, f in SUFFIXES.items() if f == fmt), "")


# --------------------------------------------------------------------------
# files


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _writes_through(target: Path) -> bool:
    """True for a device, pipe or socket, or a path under /dev or /proc: never replaced."""
    if str(target.absolute()).startswith(_PASS_THROUGH):
        return True
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(target))
    return not stat.S_ISREG(mode)


@contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "wb", **kwargs) -> Iterator[IO]:
    """Open ``path`` for writing so that it is replaced whole, or not at all.

    A temporary file beside the target replaces it when the block succeeds;
    on an exception or Ctrl-C it is removed and the old file stays. A symlink's
    target is written; devices, pipes and sockets are written straight through
    (see the module notes). ``mode`` is ``"wb"`` or ``"w"`` (then ``kwargs``
    such as ``encoding`` go to :func:`open`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.nt"
    >>> with atomic_open(p, "w", encoding="utf-8") as fh:
    ...     _ = fh.write("<urn:a> <urn:p> <urn:b> .\\n")
    >>> p.read_text().startswith("<urn:a>")
    True
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open writes ('w' or 'wb'), not {mode!r}")
    target = Path(path)
    try:
        if _writes_through(target):
            with open(target, mode.replace("w", "a"), **kwargs) as fh:
                yield fh
            return
        yield from _replace(target, mode, kwargs)
    except OSError as exc:
        if exc.filename is None and exc.errno is not None:  # say which file could not be written
            raise OSError(exc.errno, exc.strerror, str(target)) from exc
        raise


def _replace(target: Path, mode: str, kwargs: dict) -> Iterator[IO]:
    """Write a temporary file beside ``target`` and rename it onto ``target``."""
    real = Path(os.path.realpath(target))
    real.parent.mkdir(parents=True, exist_ok=True)
    try:
        old = os.stat(real)
    except FileNotFoundError:
        old = None
    tmp: Path | None = None
    try:
        tmp = _hidden(real, ".tmp")  # named before it exists: an interruption at any point is cleaned up
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if old is None:
            os.chmod(tmp, 0o666 & ~_umask())
        else:
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
            if (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                try:
                    os.chown(tmp, old.st_uid, old.st_gid)
                except OSError:
                    pass  # only root may give a file away; the file is then the writer's
        os.replace(tmp, real)
        tmp = None
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def atomic_write(path: str | os.PathLike, data: bytes | str, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` whole or not at all (see :func:`atomic_open`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> _ = atomic_write(p, "Armut")
    >>> p.read_text()
    'Armut'
    """
    with atomic_open(path, "wb") as fh:
        fh.write(data.encode(encoding) if isinstance(data, str) else data)
    return Path(path)


# --------------------------------------------------------------------------
# folders


def _digest(path: Path) -> str:
    import hashlib  # here: loading OpenSSL costs every command's start-up 5 ms

    sha = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _ours(folder: Path) -> dict[str, str]:
    """The files of a folder sozialgraph wrote, by name; raises UsageError if it holds anything else."""
    import json

    entries = sorted(os.listdir(folder))
    if not entries:
        return {}
    try:
        listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
        if not isinstance(listed, dict):
            raise TypeError
    except (OSError, ValueError, KeyError, TypeError):
        listed = None
    foreign = []
    for name in entries:
        if name == MANIFEST and listed is not None:
            continue
        entry = folder / name
        if listed is None or name not in listed or entry.is_symlink() or not entry.is_file():
            foreign.append(name)
        elif _digest(entry) != listed[name]:
            foreign.append(f"{name} (changed since sozialgraph wrote it)")
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise UsageError(
            f"{folder}: the folder holds files sozialgraph did not write ({shown}); it replaces only "
            "an empty folder or one it wrote itself. Name a new folder, or empty this one"
        )
    return {name: listed[name] for name in entries if name != MANIFEST}


def _check_folder(target: Path) -> Path:
    real = Path(os.path.realpath(target))
    here = Path.cwd().resolve()
    if real == here or real in here.parents:
        raise UsageError(f"{target}: this is the current folder (or holds it); name a new folder, e.g. out/")
    if real.exists() and not real.is_dir():
        raise UsageError(f"{target}: is a file, not a folder")
    if real.is_dir():
        _ours(real)
    return real


@contextmanager
def output_folder(path: str | os.PathLike, *, command: str) -> Iterator[Path]:
    """A fresh folder to write into; it takes ``path``'s place when the block succeeds.

    ``path`` must be absent, empty, or a folder sozialgraph wrote (its
    :data:`MANIFEST` lists every file in it, unchanged); anything else raises
    :class:`~graph.errors.UsageError` before the block runs. The files are
    written into a hidden folder beside ``path``, listed in a manifest and
    swapped in; the old folder's files (all of them sozialgraph's) are then
    removed. On an exception or Ctrl-C the hidden folder is removed and
    ``path`` is left as it was. ``command`` is recorded in the manifest.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "demo"
    >>> with output_folder(out, command="doctest") as folder:
    ...     _ = (folder / "a.txt").write_text("Armut")
    >>> sorted(p.name for p in out.iterdir())
    ['.sozialgraph-output.json', 'a.txt']
    >>> _ = (out / "Haushalt.docx").write_text("not ours")
    >>> with output_folder(out, command="doctest") as folder:  # doctest: +ELLIPSIS
    ...     pass
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: ...: the folder holds files sozialgraph did not write (Haushalt.docx); ...
    """
    real = _check_folder(Path(path))
    tmp: Path | None = None
    try:
        try:
            real.parent.mkdir(parents=True, exist_ok=True)
            tmp = _hidden(real, ".tmp")  # named before it exists: an interruption at any point is cleaned up
            os.mkdir(tmp, 0o700)
        except OSError as exc:
            raise OSError(exc.errno, f"cannot make a folder here: {exc.strerror}", str(path)) from None
        yield tmp
        import json

        files = {p.name: _digest(p) for p in sorted(tmp.iterdir()) if p.is_file()}
        (tmp / MANIFEST).write_text(
            json.dumps({"written_by": "sozialgraph", "command": command, "files": files}, indent=2) + "\n",
            encoding="utf-8",
        )
        os.chmod(tmp, stat.S_IMODE(os.stat(real).st_mode) if real.is_dir() else 0o777 & ~_umask())
        _swap(tmp, real)
        tmp = None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def _swap(new: Path, target: Path) -> None:
    """Put folder ``new`` in ``target``'s place; remove the old folder's own files."""
    if not target.exists():
        os.replace(new, target)
        return
    old_files = _ours(target)  # checked again: the user may have added a file meanwhile
    old = _hidden(target, ".old")
    os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        os.replace(old, target)
        raise
    for name in [*old_files, MANIFEST]:
        (old / name).unlink(missing_ok=True)
    os.rmdir(old)


def _hidden(target: Path, suffix: str) -> Path:
    """A name for a hidden file or folder beside ``target`` that does not exist yet."""
    while True:
        candidate = target.with_name(f".{target.name}.{os.urandom(4).hex()}{suffix}")
        if not os.path.lexists(candidate):
            return candidate
