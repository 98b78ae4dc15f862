"""Writing output files atomically and finding the files the package ships."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = ["atomic_open", "atomic_write", "example_data", "ontology_file", "resource_dir"]

_HERE = Path(__file__).resolve().parent


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


@contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "wb", **kwargs) -> Iterator[IO]:
    """Open a temporary file beside ``path``; it replaces ``path`` only if the block succeeds.

    A reader never sees a half-written file, and a failed write leaves the old
    file untouched. ``mode`` is ``"wb"`` or ``"w"`` (then ``kwargs`` such as
    ``encoding`` go to :func:`open`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.nt"
    >>> with atomic_open(p, "w", encoding="utf-8") as fh:
    ...     _ = fh.write("<urn:a> <urn:p> <urn:b> .\\n")
    >>> p.read_text().startswith("<urn:a>")
    True
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: str | os.PathLike, data: bytes | str, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename (see :func:`atomic_open`).

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
