"""Checking OParl 1.1 objects against the specification's JSON schemas, shipped in ``oparl_schema/``.

The schemas are read from the package and every ``$ref`` is resolved from an
in-memory registry without a retrieve function: a reference to anything else
fails, nothing is ever fetched. An object is checked against the schema of its
``type``; an object embedded in it (a meeting's agenda items, a paper's files)
against its own schema without the ``required`` list (see
``oparl_schema/README.md``). Formats ``date``, ``date-time`` and ``url`` are
checked, so that a date the importer copies is a date.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

__all__ = ["OPARL_TYPE", "SCHEMA_DIR", "check_object", "oparl_type", "schema_registry"]

#: The folder of the shipped schemas.
SCHEMA_DIR = Path(__file__).resolve().parent / "oparl_schema"
#: The prefix of every OParl 1.1 type (``https://schema.oparl.org/1.1/Meeting``).
OPARL_TYPE = "https://schema.oparl.org/1.1/"

_URN = "urn:sozialgraph:oparl-1.1:"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s/?#<>\"{}|\\^`]+[^\s<>\"{}|\\^`]*", re.IGNORECASE)
#: How many problems of one object are listed (the rest are counted).
_SHOWN = 5
_LONGEST = 160


def oparl_type(obj: Any) -> str | None:
    """The OParl 1.1 type name of an object (``"Meeting"``), or None.

    Examples
    --------
    >>> oparl_type({"type": "https://schema.oparl.org/1.1/Meeting"}), oparl_type({"type": "Meeting"})
    ('Meeting', None)
    """
    kind = obj.get("type") if isinstance(obj, dict) else None
    if isinstance(kind, str) and kind.startswith(OPARL_TYPE):
        name = kind[len(OPARL_TYPE) :]
        if (SCHEMA_DIR / f"{name}.json").is_file():
            return name
    return None


def _with_refs(node: Any) -> Any:
    """A copy of a schema whose ``"schema": "X.json"`` pointers to embedded objects are ``$ref``."""
    if isinstance(node, list):
        return [_with_refs(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _with_refs(value) for key, value in node.items()}
    target = node.get("schema")
    if node.get("type") == "object" and isinstance(target, str) and target.endswith(".json"):
        out["$ref"] = f"{_URN}embedded:{target.removesuffix('.json')}"
    return out


@lru_cache(maxsize=1)
def schema_registry():
    """The shipped schemas as a :class:`referencing.Registry` (full and embedded form of each type).

    Examples
    --------
    >>> registry = schema_registry()
    >>> registry.resolver().lookup("urn:sozialgraph:oparl-1.1:Meeting").contents["title"]
    'Meeting'
    """
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        schema = _with_refs(json.loads(path.read_text(encoding="utf-8")))
        embedded = copy.deepcopy(schema)
        embedded.pop("required", None)
        resources.append((f"{_URN}{path.stem}", Resource(schema, DRAFT202012)))
        resources.append((f"{_URN}embedded:{path.stem}", Resource(embedded, DRAFT202012)))
    return Registry().with_resources(resources)


def _format_checker():
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())

    @checker.checks("date", raises=ValueError)
    def _date(value: object) -> bool:
        return not isinstance(value, str) or (
            _DATE.fullmatch(value) is not None and bool(dt.date.fromisoformat(value))
        )

    @checker.checks("date-time", raises=ValueError)
    def _date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if _DATE_TIME.fullmatch(value) is None:
            return False
        text = value.upper().replace("Z", "+00:00")
        return bool(dt.datetime.fromisoformat(text))

    @checker.checks("url")
    def _url(value: object) -> bool:
        return not isinstance(value, str) or _URL.fullmatch(value) is not None

    return checker


@cache
def _validator(name: str):
    from jsonschema import Draft202012Validator

    schema = schema_registry().resolver().lookup(f"{_URN}{name}").contents
    return Draft202012Validator(schema, registry=schema_registry(), format_checker=_format_checker())


def check_object(obj: Any) -> list[str]:
    """What is wrong with an OParl object, as short messages (empty when it conforms).

    Examples
    --------
    >>> check_object({"id": "https://oparl.example.org/meeting/1", "type": "https://schema.oparl.org/1.1/Meeting",
    ...               "start": "gestern", "agendaItem": [{"name": 5}]})
    ["agendaItem/0/name: 5 is not of type 'string'", "start: 'gestern' is not a 'date-time'"]
    >>> check_object({"type": "https://schema.oparl.org/1.0/Meeting"})
    ['not an OParl 1.1 object (type https://schema.oparl.org/1.0/Meeting)']
    """
    if not isinstance(obj, dict):
        return [f"not an object but {type(obj).__name__}"]
    name = oparl_type(obj)
    if name is None:
        kind = obj.get("type")
        return [f"not an OParl 1.1 object (type {kind})" if kind else "not an OParl object (no type)"]
    errors = sorted(_validator(name).iter_errors(obj), key=lambda e: [str(p) for p in e.absolute_path])
    messages = []
    for error in errors:
        where = "/".join(str(p) for p in error.absolute_path)
        text = error.message if len(error.message) <= _LONGEST else error.message[: _LONGEST - 1] + "…"
        messages.append(f"{where}: {text}" if where else text)
    if len(messages) > _SHOWN:
        messages = [*messages[:_SHOWN], f"… and {len(messages) - _SHOWN} more"]
    return messages
