"""Reading the RDF files of a dataset (Turtle, N-Triples, JSON-LD) without touching the network."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from rdflib import Graph, URIRef

from graph.errors import Problem
from graph.io.checks import CONTROL
from graph.namespaces import PREFIXES

__all__ = ["MAX_JSON_DEPTH", "RDF_FORMATS", "control_characters", "new_graph", "parse_rdf_file"]

#: File suffix -> (rdflib format, name for messages).
RDF_FORMATS = {".ttl": ("turtle", "Turtle"), ".nt": ("nt", "N-Triples"), ".jsonld": ("json-ld", "JSON-LD")}
#: JSON-LD nested deeper than this is refused (real documents stay far below).
MAX_JSON_DEPTH = 100

_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANGUAGE = re.compile(r"[a-zA-Z]+(?:-[a-zA-Z0-9]+)*")


def new_graph() -> Graph:
    """An empty rdflib graph with the project's prefixes bound."""
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    return graph


def parse_rdf_file(path: Path) -> tuple[Graph | None, list[Problem]]:
    """Parse one ``.ttl``, ``.nt`` or ``.jsonld`` file without touching the network.

    A JSON-LD ``@context`` (or ``@import``) given by reference is never fetched:
    it is a problem. ``owl:imports`` stay triples and are not followed.
    """
    name = path.name
    fmt, label = RDF_FORMATS[path.suffix.lower()]
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, None, None, f"cannot read the file: {exc.strerror or exc}")]
    if not data.strip():
        return None, [Problem(name, None, None, "the file is empty")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [
            Problem(name, line, None, f"not valid {label}: byte 0x{data[exc.start]:02X} is not UTF-8")
        ]
    problems = control_characters(name, text)
    if fmt == "json-ld":
        doc, json_problems = _json_document(name, text)
        if doc is None:
            return None, problems + json_problems
        problems += json_problems
    if problems:
        return None, problems
    graph = new_graph()
    try:
        graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many kinds; a planner gets a message, not a traceback
        line, why = _syntax_error(exc, text, fmt)
        if line is None:
            return None, [Problem(name, None, None, f"not valid {label}: {why}")]
        return None, [Problem(name, line, None, f"not valid {label} (line {line}): {why}")]
    bad = sorted({str(n) for n in graph.all_nodes() if isinstance(n, URIRef) and _BAD_IRI.search(n)})
    if bad:
        return None, [Problem(name, _line_of(text, iri), None, f"not a valid IRI: {iri!r}") for iri in bad]
    return graph, []


def _line_of(text: str, fragment: str) -> int | None:
    at = text.find(fragment)
    return None if at < 0 else text.count("\n", 0, at) + 1


def control_characters(name: str, text: str) -> list[Problem]:
    """Control characters (other than tab and line breaks), as they are or escaped, one problem per line."""
    found: dict[int, str] = {}
    for m in CONTROL.finditer(text):
        found.setdefault(text.count("\n", 0, m.start()) + 1, f"U+{ord(m.group()):04X}")
    for m in _ESCAPE.finditer(text):
        char = chr(min(int(m.group(1) or m.group(2), 16), 0x10FFFF))
        if CONTROL.fullmatch(char):
            found.setdefault(text.count("\n", 0, m.start()) + 1, f"U+{ord(char):04X} (written {m.group()})")
    return [
        Problem(name, line, None, f"control character {what} in a literal or IRI; remove it")
        for line, what in sorted(found.items())
    ]


def _json_document(name: str, text: str) -> tuple[object | None, list[Problem]]:
    """The parsed JSON-LD document and what stops it: nesting, syntax, remote contexts, bad language tags."""
    depth = 0
    for m in _JSON_TOKEN.finditer(text):
        token = m.group()
        if token in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                line = text.count("\n", 0, m.start()) + 1
                return None, [
                    Problem(name, line, None, f"nested deeper than {MAX_JSON_DEPTH} levels; not read")
                ]
        elif token in "]}":
            depth -= 1
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Problem(name, exc.lineno, None, f"not valid JSON (line {exc.lineno}): {exc.msg}")]
    except ValueError as exc:  # e.g. a number with more digits than Python converts
        return None, [Problem(name, None, None, f"not valid JSON: {exc}")]
    remote = sorted(set(_remote_contexts(doc)))
    problems = [
        Problem(name, None, None, f"remote @context <{url}> is not fetched; inline the context")
        for url in remote
    ]
    for key, value in sorted(set(_values(doc, ("@language", "@id")))):
        if key == "@language" and not _LANGUAGE.fullmatch(value):
            line = _line_of(text, json.dumps(value))
            problems.append(
                Problem(name, line, None, f"not a language tag: {value!r} (write e.g. de or de-DE)")
            )
        elif key == "@id" and _BAD_IRI.search(value):
            problems.append(
                Problem(name, _line_of(text, json.dumps(value)), None, f"not a valid IRI: {value!r}")
            )
    return doc, problems


def _values(node: object, keys: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """Every ``(key, string value)`` of the given keys anywhere in a JSON document."""
    if isinstance(node, list):
        for item in node:
            yield from _values(item, keys)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in keys and isinstance(value, str):
                yield key, value
            yield from _values(value, keys)


def _remote_contexts(node: object) -> Iterator[str]:
    """Every ``@context`` or ``@import`` given by reference anywhere in a JSON-LD document."""
    if isinstance(node, list):
        for item in node:
            yield from _remote_contexts(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                for ctx in value if isinstance(value, list) else [value]:
                    if isinstance(ctx, str):
                        yield ctx
            elif key == "@import" and isinstance(value, str):
                yield value
            yield from _remote_contexts(value)


def _syntax_error(exc: Exception, text: str, fmt: str) -> tuple[int | None, str]:
    """Line number (if known) and reason of an rdflib parse error."""
    from rdflib.plugins.parsers.notation3 import BadSyntax

    if isinstance(exc, BadSyntax):
        return exc.lines + 1, str(exc._why)
    if isinstance(exc, RecursionError):
        return None, "nested too deeply"
    if m := re.fullmatch(r"'(.*)' is not a valid language tag!", str(exc)):
        return _line_of(
            text, "@" + m.group(1)
        ), f"not a language tag: {m.group(1)!r} (write e.g. de or de-DE)"
    if fmt == "nt":
        for number, line in enumerate(text.splitlines(), start=1):
            try:
                Graph().parse(data=line, format="nt")
            except Exception as line_exc:
                return number, str(line_exc)
    return None, str(exc) or type(exc).__name__
