"""An on-disk store folder: Oxigraph databases, the one in use named in a small file, and a lock.

Layout of a store folder ``DIR``::

    DIR/sozialgraph-store.json   {"format": 1, "current": "db-3"}  (replaced atomically)
    DIR/db-3/                    the Oxigraph database in use
    DIR/.lock                    readers hold it shared, a writer exclusively

A writer (``sozialgraph load``) takes the lock exclusively, makes a new
database from the current one (Oxigraph's backup: hard links, cheap), changes
only that copy and, when it is complete, names it in ``sozialgraph-store.json``
by an atomic rename. A load that is cut off — Ctrl-C, kill -9, a full disk —
leaves the previous database in use; its half-made copy is removed by the next
writer. Readers take the lock shared, so any number of them run at once; while
a load runs they wait for it (and a load waits for them), up to ``wait`` seconds.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from graph.errors import StoreError
from graph.files import atomic_write
from graph.store.oxigraph import OxigraphStore

__all__ = ["MARKER", "StoreFolder"]

#: The file that makes a folder a sozialgraph store and names its database in use.
MARKER = "sozialgraph-store.json"
_FORMAT = 1


class StoreFolder:
    """A store folder on disk (see the module docstring for its layout).

    Examples
    --------
    >>> import tempfile
    >>> folder = StoreFolder(Path(tempfile.mkdtemp()) / "land.store")
    >>> folder.exists()
    False
    >>> with folder.write() as store:
    ...     store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> 'x' } }")
    >>> with folder.read() as store:
    ...     len(store)
    1
    """

    def __init__(self, path: str | os.PathLike, *, wait: float = 60.0):
        self.path = Path(path)
        self.wait = wait

    def exists(self) -> bool:
        """Whether the folder is a sozialgraph store."""
        return (self.path / MARKER).is_file()

    def check(self) -> None:
        """Raise :class:`StoreError` unless the folder is a readable sozialgraph store."""
        if not self.path.exists():
            raise StoreError(
                f"{self.path}: no such store; create it with 'sozialgraph load --store {self.path} --data …'"
            )
        if not self.path.is_dir() or not self.exists():
            raise StoreError(
                f"{self.path}: not a sozialgraph store (it has no {MARKER}); "
                f"name a folder made by 'sozialgraph load --store'"
            )

    def _current(self) -> str | None:
        try:
            info = json.loads((self.path / MARKER).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise StoreError(f"{self.path / MARKER}: cannot read the store's marker file: {exc}") from None
        if (
            not isinstance(info, dict)
            or info.get("format") != _FORMAT
            or not isinstance(info.get("current"), str)
        ):
            raise StoreError(f"{self.path / MARKER}: not a store marker this version of sozialgraph reads")
        name = info["current"]
        if "/" in name or name.startswith(".") or not (self.path / name).is_dir():
            raise StoreError(f"{self.path}: the store's database {name!r} is missing")
        return name

    @contextlib.contextmanager
    def _lock(self, exclusive: bool) -> Iterator[None]:
        handle = open(self.path / ".lock", "a+b")
        try:
            mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
            deadline = time.monotonic() + self.wait
            while True:
                try:
                    fcntl.flock(handle, mode | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        what = "read by other commands" if exclusive else "being loaded by another command"
                        raise StoreError(
                            f"{self.path}: the store is {what}; waited {self.wait:g} s — try again later"
                        ) from None
                    time.sleep(0.2)
            yield
        finally:
            handle.close()

    @contextlib.contextmanager
    def read(self) -> Iterator[OxigraphStore]:
        """The database in use, opened read-only, with the lock held shared."""
        self.check()
        with self._lock(exclusive=False):
            name = self._current()
            assert name is not None
            store = OxigraphStore(self.path / name, read_only=True)
            try:
                yield store
            finally:
                store.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[OxigraphStore]:
        """A copy of the database in use (or a new one), made current when the block succeeds."""
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path}: not a folder")
        if self.path.is_dir() and any(self.path.iterdir()) and not self.exists():
            raise StoreError(
                f"{self.path}: the folder is not empty and not a sozialgraph store; "
                "name a new folder (sozialgraph never writes into a folder it did not make)"
            )
        self.path.mkdir(parents=True, exist_ok=True)
        with self._lock(exclusive=True):
            current = self._current()
            self._remove_unused(keep=current)
            number = 1 + max((int(p.name[3:]) for p in self._databases()), default=0)
            new = self.path / f"db-{number}"
            if current is not None:
                source = OxigraphStore(self.path / current)
                try:
                    source.raw.backup(str(new))
                finally:
                    source.close()
                store = OxigraphStore(new)
            else:
                store = OxigraphStore(new)
            try:
                yield store
                store.raw.flush()
            except BaseException:
                store.close()
                shutil.rmtree(new, ignore_errors=True)
                raise
            store.close()
            atomic_write(self.path / MARKER, json.dumps({"format": _FORMAT, "current": new.name}) + "\n")
            self._remove_unused(keep=new.name)

    def _databases(self) -> list[Path]:
        return [p for p in self.path.glob("db-*") if p.is_dir() and p.name[3:].isdigit()]

    def _remove_unused(self, keep: str | None) -> None:
        for path in self._databases():
            if path.name != keep:
                shutil.rmtree(path, ignore_errors=True)
