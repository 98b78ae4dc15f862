"""Naming a planning cycle to compare: a workbook, a folder, an RDF file, or a dataset of a store folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from graph.errors import UsageError
from graph.session import Session, Source

__all__ = ["STORE_PREFIX", "Cycle", "open_cycle", "parse_cycle"]

#: What starts a cycle that lives in a store folder: ``store:DIR`` or ``store:DIR#DATASET``.
STORE_PREFIX = "store:"


@dataclass(frozen=True)
class Cycle:
    """Where one planning cycle is: a file or folder to read (``data``), or a store folder and dataset."""

    text: str
    data: Path | None = None
    store_dir: Path | None = None
    dataset: str | None = None

    @property
    def label(self) -> str:
        """What the cycle is called on a page: its dataset, else its file or folder name.

        Examples
        --------
        >>> parse_cycle("store:land.store#aachen-2017").label, Cycle("x/2019.xlsx", data=Path("x/2019.xlsx")).label
        ('aachen-2017', '2019')
        """
        if self.dataset:
            return self.dataset
        path = self.path
        return (
            path.stem
            if path.is_file() or path.suffix.lower() in (".xlsx", ".ttl", ".nt", ".jsonld")
            else path.name
        )

    @property
    def path(self) -> Path:
        """The file or folder the cycle is read from (an input: never written)."""
        return self.store_dir if self.store_dir is not None else self.data  # type: ignore[return-value]


def parse_cycle(text: str) -> Cycle:
    """The cycle a command-line argument names.

    ``PATH`` is a workbook (.xlsx), a workbook folder (CSV files) or an RDF file;
    ``store:DIR`` is the one dataset of a store folder made by ``sozialgraph
    load``, ``store:DIR#NAME`` the dataset ``NAME`` of it (the last ``#`` splits).

    Examples
    --------
    >>> parse_cycle("store:land.store#aachen-2017")
    Cycle(text='store:land.store#aachen-2017', data=None, store_dir=PosixPath('land.store'), dataset='aachen-2017')
    >>> parse_cycle("store:")
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: 'store:' names no store folder; write store:DIR or store:DIR#DATASET
    """
    if text.startswith(STORE_PREFIX):
        folder, hash_, name = text[len(STORE_PREFIX) :].rpartition("#")
        if not hash_:
            folder, name = name, ""
        if not folder.strip():
            raise UsageError(f"{text!r} names no store folder; write store:DIR or store:DIR#DATASET")
        if hash_ and not name.strip():
            raise UsageError(f"{text!r} names no dataset after '#'; write store:DIR#DATASET")
        return Cycle(text, store_dir=Path(folder), dataset=name.strip() or None)
    path = Path(text)
    if not path.exists():
        raise UsageError(f"{text}: no such file or folder (a store folder is written store:{text})")
    from graph.store.folder import StoreFolder

    if path.is_dir() and StoreFolder(path).exists():
        raise UsageError(f"{text} is a store folder: write store:{text} (or store:{text}#DATASET)")
    return Cycle(text, data=path)


def open_cycle(
    cycle: Cycle, *, statuses: frozenset[str] | None = None, as_of: dt.date | None = None
) -> Session:
    """A session on the cycle, asked with ``statuses`` and ``as_of``; close it when done.

    A store folder that holds several datasets must name one (``store:DIR#NAME``):
    a cycle is one overview, not a Land of them.
    """
    if cycle.store_dir is None:
        return Session(Source(data=cycle.data, statuses=statuses, as_of=as_of))
    session = Session(
        Source(store_dir=cycle.store_dir, dataset=cycle.dataset, statuses=statuses, as_of=as_of)
    )
    try:
        session.store  # noqa: B018 - opens the store and reads its catalogue
        if len(session.datasets) != 1:
            names = ", ".join(d.name for d in session.datasets)
            raise UsageError(
                f"{cycle.text}: the store holds several datasets ({names}); "
                f"name one: store:{cycle.store_dir}#NAME"
            )
    except BaseException:
        session.close()
        raise
    return session
