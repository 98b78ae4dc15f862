"""Reading the RDF files of a dataset (Turtle, N-Triples, JSON-LD) without touching the network."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from rdflib import Graph

from graph.errors import Problem
from graph.namespaces import PREFIXES

__all__ = ["RDF_FORMATS", "new_graph", "parse_rdf_file"]

#: File suffix -> (rdflib format, name for messages).
RDF_FORMATS = {".ttl": ("turtle", "Turtle"), ".nt": ("nt", "N-Triples"), ".jsonld": ("json-ld", "JSON-LD")}


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
    except UnicodeDecodeError:
        return None, [Problem(name, None, None, f"not valid {label}: the file is not UTF-8 text")]
    if fmt == "json-ld":
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            return None, [Problem(name, exc.lineno, None, f"not valid JSON (line {exc.lineno}): {exc.msg}")]
        remote = sorted(set(_remote_contexts(doc)))
        if remote:
            return None, [
                Problem(name, None, None, f"remote @context <{url}> is not fetched; inline the context")
                for url in remote
            ]
    graph = new_graph()
    try:
        graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many kinds; a planner gets a message, not a traceback
        line, why = _syntax_error(exc, text, fmt)
        if line is None:
            return None, [Problem(name, None, None, f"not valid {label}: {why}")]
        return None, [Problem(name, line, None, f"not valid {label} (line {line}): {why}")]
    return graph, []


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
    if fmt == "nt":
        for number, line in enumerate(text.splitlines(), start=1):
            try:
                Graph().parse(data=line, format="nt")
            except Exception as line_exc:
                return number, str(line_exc)
    return None, str(exc) or type(exc).__name__
