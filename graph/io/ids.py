"""The IRIs of a dataset's entities: minted from its base and each row's id."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import quote

from rdflib import URIRef

from graph.namespaces import DATA

__all__ = ["default_base", "entity_iri"]

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def default_base(path: str | Path) -> str:
    """The base IRI of a dataset: ``https://w3id.org/sozialgraph/id/<slug>/``.

    Examples
    --------
    >>> default_base(Path("data/aachen"))
    'https://w3id.org/sozialgraph/id/aachen/'
    >>> default_base(Path("Sozialplanung Köln 2024.xlsx"))
    'https://w3id.org/sozialgraph/id/sozialplanung-koeln-2024/'
    """
    p = Path(path)
    name = p.name if p.is_dir() or not p.suffix else p.stem
    if not name:
        name = p.resolve().name
    ascii_name = unicodedata.normalize("NFKD", name.translate(_TRANSLIT)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "dataset"
    return f"{DATA}{slug}/"


def entity_iri(base: str, sheet_key: str, ident: str) -> URIRef:
    """The IRI of the entity with id ``ident`` in sheet ``sheet_key``.

    Examples
    --------
    >>> entity_iri("https://w3id.org/sozialgraph/id/aachen/", "actors", "FB 56")
    rdflib.term.URIRef('https://w3id.org/sozialgraph/id/aachen/actors/FB%2056')
    """
    return URIRef(f"{base}{sheet_key}/{quote(ident, safe='')}")
