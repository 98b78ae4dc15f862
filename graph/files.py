"""Writing output files atomically and finding the files the package ships."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write", "example_data", "ontology_file", "resource_dir"]

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


def atomic_write(path: str | os.PathLike, data: bytes | str, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A reader never sees a half-written file and a failed write leaves the old
    file untouched.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> _ = atomic_write(p, "Armut")
    >>> p.read_text()
    'Armut'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
