"""One cell of the workbook: split into items, each item checked and turned into an RDF term."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping

from rdflib import Literal, URIRef

from graph.errors import did_you_mean
from graph.io.checks import clean
from graph.io.ids import entity_iri
from graph.namespaces import RDFS, SP, XSD
from graph.schema import Column, load_schema, normalise, ontology_graph

__all__ = ["convert_item", "split_cell"]

_DATE_DE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_YEAR = re.compile(r"(\d{4})(?:[.,]0+)?")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+")


def split_cell(raw: str, col: Column) -> list[str]:
    """The items of a cell: lists split at ``;`` ``,`` or line breaks (sources not at commas).

    Every item is :func:`graph.io.checks.clean`: NFC, no-break spaces (pasted from
    Word into Excel) as spaces, trimmed.

    Examples
    --------
    >>> from graph.schema import load_schema
    >>> split_cell("FB 56;\\xa0FB 45 ,\\nGA", load_schema().sheet("plans").column("partners"))
    ['FB 56', 'FB 45', 'GA']
    """
    if col.single and col.kind not in ("ref", "enum"):
        text = clean(raw)
        return [text] if text else []
    pattern = r"[;\r\n]+" if col.kind == "source" else r"[;,\r\n]+"
    return [item for item in (clean(part) for part in re.split(pattern, raw)) if item]


def convert_item(
    value: str,
    col: Column,
    sheet_key: str,
    base: str,
    pools: Mapping[str, set[str]],
    unchecked: Collection[str] = (),
) -> tuple[URIRef | Literal | None, str | None]:
    """One cell item as an RDF term, or an error message."""
    noun = sheet_key[:-1]
    if col.kind == "ref":
        target = load_schema().sheet_for_class(col.target)
        assert target is not None, col
        if value not in pools.get(target.key, ()) and target.key not in unchecked:
            hint = did_you_mean(value, pools.get(target.key, ()))
            return None, f"no {target.key[:-1]} with id {value!r}{hint}"
        return entity_iri(base, target.key, value), None
    if col.kind == "enum":
        term = col.choices.get(normalise(value))
        if term is None:
            labels = _choice_labels(col)
            hint = did_you_mean(value, labels)
            return None, f"unknown {noun} {col.key} {value!r}{hint}; allowed: {', '.join(labels)}"
        return term, None
    if col.kind == "date":
        year = _YEAR.fullmatch(value) if col.year_means_end else None
        parsed = f"{year.group(1)}-12-31" if year else _parse_date(value)
        if parsed is None:
            also = " or a year, 2018" if col.year_means_end else ""
            return None, f"not a date: {value!r} (write 27.11.2017 or 2017-11-27{also})"
        return Literal(parsed, datatype=XSD.date), None
    if col.kind == "year":
        m = _YEAR.fullmatch(value)
        if m is None:
            return None, f"not a year: {value!r} (write four digits, e.g. 2017)"
        return Literal(m.group(1), datatype=XSD.gYear), None
    if col.kind == "iri":
        if value.startswith("www."):
            value = "https://" + value
        if _IRI.fullmatch(value) is None:
            return None, f"not a web address: {value!r} (write it with https://)"
        return URIRef(value), None
    if col.kind == "source":
        sources = load_schema().sheet_for_class(SP.Source)
        if sources is not None and value in pools.get(sources.key, ()):
            return entity_iri(base, sources.key, value), None
        return Literal(value), None
    if col.kind == "sdg":
        from graph.sdg import parse_sdg

        return parse_sdg(value)
    return Literal(value), None


def _parse_date(value: str) -> str | None:
    m = _DATE_DE.fullmatch(value)
    if m:
        day, month, year = (int(g) for g in m.groups())
    else:
        m = _DATE_ISO.fullmatch(value)
        if m is None:
            return None
        year, month, day = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _choice_labels(col: Column) -> list[str]:
    """The allowed values of an enum column: the English and German labels (synonyms also match)."""
    onto = ontology_graph()
    labels: list[str] = []
    for term in dict.fromkeys(col.choices.values()):
        for label in sorted(onto.objects(term, RDFS.label), key=lambda lit: (lit.language != "en", str(lit))):
            if normalise(label) in col.choices and str(label) not in labels:
                labels.append(str(label))
    return labels
