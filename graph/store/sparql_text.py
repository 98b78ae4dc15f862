"""SPARQL text that the project writes itself: terms in N-Triples syntax, VALUES blocks, the query form.

Used where a server has no binding API (a SPARQL endpoint): the values travel
as data written from RDF terms, never as text a user typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graph import namespaces
from graph.errors import QueryError, StoreError

__all__ = ["BAD_IRI", "MAX_LITERAL", "bind", "nt_term", "query_kind", "values_block"]

#: Characters an IRI may not contain.
BAD_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_PROLOGUE = re.compile(r"\s+|#[^\n]*|(?i:BASE)\s*<[^>]*>|(?i:PREFIX)\s+[^\s:]*:\s*<[^>]*>")
_KIND = re.compile(r"(?i:(SELECT|ASK|CONSTRUCT|DESCRIBE))\b")
_TOKENS = re.compile(
    "|".join(
        (
            r"#[^\n]*",  # comment
            r"'''(?:[^'\\]|\\.|'(?!''))*'''",  # long strings
            r'"""(?:[^"\\]|\\.|"(?!""))*"""',
            r"'(?:[^'\\\n]|\\.)*'",  # strings
            r'"(?:[^"\\\n]|\\.)*"',
            r'<[^<>"{}|^`\\\x00-\x20]*>',  # IRI (a lone "<" is an operator)
            r"[{}]",
            r"(?<![?$:\w])(?i:WHERE)\b",
        )
    )
)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
MAX_LITERAL = 1_000_000


def query_kind(sparql: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the form of a query after its prologue.

    Examples
    --------
    >>> query_kind("# comment\\nPREFIX sp: <https://w3id.org/sozialgraph/ontology#>\\nask { ?s ?p ?o }")
    'ASK'
    """
    pos = 0
    while match := _PROLOGUE.match(sparql, pos):
        if match.end() == pos:
            break
        pos = match.end()
    kind = _KIND.match(sparql, pos)
    if kind is None:
        raise StoreError("cannot tell the query form: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return kind.group(1).upper()


def bind(sparql: str, bindings: Mapping[str, Node]) -> str:
    """The query with ``bindings`` as a ``VALUES`` block at the start of its WHERE group.

    Comments, strings and IRIs are skipped while looking for the group; the
    short form ``CONSTRUCT WHERE { … }`` and queries without a group get a
    trailing ``VALUES`` clause instead.

    Examples
    --------
    >>> bind("SELECT ?t ?l WHERE { ?t skos:prefLabel ?l } LIMIT 1", {"l": Literal("Armut")})
    'SELECT ?t ?l WHERE { VALUES (?l) { ("Armut") } ?t skos:prefLabel ?l } LIMIT 1'
    """
    block = values_block(bindings)
    kind = query_kind(sparql)
    depth = 0
    groups: list[tuple[int, bool]] = []  # (position after "{", preceded by WHERE) of top-level groups
    after_where = False
    for token in _TOKENS.finditer(sparql):
        text = token.group()
        if text == "{":
            if depth == 0:
                groups.append((token.end(), after_where))
            depth += 1
        elif text == "}":
            depth -= 1
        after_where = text.upper() == "WHERE"
    target = None
    if kind == "CONSTRUCT":
        if groups and not groups[0][1] and len(groups) > 1:
            target = groups[1][0]
    elif groups:
        target = groups[0][0]
    if target is None:
        return f"{sparql.rstrip()}\n{block}"
    return f"{sparql[:target]} {block}{sparql[target:]}"


def values_block(bindings: Mapping[str, Node]) -> str:
    """A SPARQL ``VALUES`` data block for bindings, each value written by :func:`nt_term`.

    SPARQL endpoints have no binding API; the block is data, never query text.

    Examples
    --------
    >>> values_block({"theme": Literal('SA" } ; DROP ALL #')})
    'VALUES (?theme) { ("SA\\\\" } ; DROP ALL #") }'
    """
    names = list(bindings)
    terms: list[str] = []
    for name in names:
        if not name.isidentifier():
            raise QueryError(f"not a variable name: {name!r}")
        term = bindings[name]
        if isinstance(term, BNode):
            raise QueryError("blank nodes cannot be bound on a SPARQL endpoint")
        try:
            terms.append(nt_term(term))
        except StoreError as exc:
            raise QueryError(str(exc)) from None
    return "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(terms) + ") }"


def nt_term(term: Node) -> str:
    """A term in N-Triples syntax, safe to place in a SPARQL ``INSERT DATA`` block.

    Only ``\\``, ``"``, line feed and carriage return need escaping inside a
    SPARQL string; other control characters become ``\\u`` escapes.

    Examples
    --------
    >>> nt_term(Literal('SA" } ; DROP ALL #\\n', lang="de"))
    '"SA\\\\" } ; DROP ALL #\\\\n"@de'
    >>> nt_term(URIRef("https://w3id.org/sozialgraph/id/aachen/actors/FB%2056"))
    '<https://w3id.org/sozialgraph/id/aachen/actors/FB%2056>'
    """
    if isinstance(term, URIRef):
        if BAD_IRI.search(str(term)):
            raise StoreError(f"not a valid IRI: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{re.sub(r'[^A-Za-z0-9_]', '_', str(term))}"
    if isinstance(term, Literal):
        text = str(term)
        if len(text) > MAX_LITERAL:
            raise StoreError(
                f"a literal of {len(text):,} characters is too long to send to a SPARQL endpoint "
                f"(at most {MAX_LITERAL:,}): {text[:40]!r}…"
            )
        body = "".join(_ESCAPES.get(c, c if c >= " " or c == "\t" else f"\\u{ord(c):04X}") for c in text)
        if term.language:
            return f'"{body}"@{term.language}'
        if term.datatype is not None and term.datatype != namespaces.XSD.string:
            return f'"{body}"^^{nt_term(term.datatype)}'
        return f'"{body}"'
    raise StoreError(f"cannot send {term!r} to a SPARQL endpoint")
