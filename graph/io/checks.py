"""Checks the schema cannot state: cell text cleaned, look-alike values found, cycles in hierarchies."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

__all__ = ["clean", "cycles", "id_problems", "text_problems"]

_INVISIBLE = {
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space (byte order mark)",
}
_INVISIBLE_RE = re.compile("[" + "".join(_INVISIBLE) + "]")
#: C0 controls except tab, line feed and carriage return; DEL; C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")

_MONTHS = r"(?:jan|feb|mär|mrz|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)[a-zä]*\.?"
_SCIENTIFIC = re.compile(r"\d+(?:[.,]\d+)?E[+-]?\d+", re.IGNORECASE)
_EXCEL_DATE = re.compile(
    rf"\d{{1,2}}\.\d{{1,2}}\.|\d{{1,2}}\.? ?{_MONTHS}|\d{{1,2}}-{_MONTHS}|{_MONTHS}[ -]\d{{1,2}}",
    re.IGNORECASE,
)
_TEXT_HINT = "format the column as text in Excel and retype the id"


def clean(text: str) -> str:
    """A cell as the loader reads it: NFC-normalised, no-break spaces as spaces, trimmed.

    Examples
    --------
    >>> clean(" Mu\\u0308ller\\xa0") == "Müller"
    True
    """
    return unicodedata.normalize("NFC", text.replace("\xa0", " ")).strip()


def text_problems(text: str) -> list[str]:
    """What is wrong with a cell's text wherever it stands: control and invisible characters, garbling.

    Examples
    --------
    >>> text_problems("FB\\u200b56")
    ["invisible zero-width space (U+200B) in 'FB\\\\u200b56'; retype the value"]
    >>> text_problems("Freie TrÃ¤ger")
    ["garbled characters in 'TrÃ¤ger' (did you mean 'Träger'?); the text went through a wrong encoding"]
    >>> text_problems("Bürgerbüro")
    []
    """
    problems = []
    if m := CONTROL.search(text):
        problems.append(f"control character U+{ord(m.group()):04X} in {text!r}; remove it")
    if m := _INVISIBLE_RE.search(text):
        char = m.group()
        problems.append(f"invisible {_INVISIBLE[char]} (U+{ord(char):04X}) in {text!r}; retype the value")
    if _NOT_ASCII.search(text):
        for word in text.split():
            fixed = _ungarble(word)
            if fixed is not None:
                problems.append(
                    f"garbled characters in {word!r} (did you mean {fixed!r}?); "
                    "the text went through a wrong encoding"
                )
                break
    return problems


def _ungarble(word: str) -> str | None:
    """``word`` as it was before UTF-8 bytes were read as Windows-1252 or Latin-1, if that is what happened."""
    if not _NOT_ASCII.search(word):
        return None
    for encoding in ("cp1252", "latin-1"):
        try:
            fixed = word.encode(encoding).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != word:
            return fixed
    return None


def id_problems(text: str, *, list_cell: bool = False) -> list[str]:
    """Ids that Excel turned into numbers or dates (``1,23457E+11``, ``03.05.``), with what to do.

    Examples
    --------
    >>> id_problems("1,23457E+11")
    ["'1,23457E+11' is a number in Excel's scientific notation, not an id; format the column as text in Excel and retype the id"]
    >>> id_problems("FB 56; 03.05.", list_cell=True)
    ["'03.05.' is a date Excel made from what was typed; format the column as text in Excel and retype the id"]
    >>> id_problems("E2017-01") + id_problems("Mai-Aktion")
    []
    """
    parts = [p.strip() for p in re.split(r"[;\r\n]+", text)] if list_cell else [text]
    problems = []
    for part in parts:
        if m := _SCIENTIFIC.search(part):
            if list_cell or m.group() == part:
                problems.append(
                    f"{m.group()!r} is a number in Excel's scientific notation, not an id; {_TEXT_HINT}"
                )
                continue
        items = [i.strip() for i in part.split(",")] if list_cell else [part]
        problems.extend(
            f"{item!r} is a date Excel made from what was typed; {_TEXT_HINT}"
            for item in items
            if _EXCEL_DATE.fullmatch(item)
        )
    return problems


def cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """One cycle (``[a, b, a]``) for every group of nodes that reach each other, in the order of ``edges``.

    Examples
    --------
    >>> cycles({"armut": ["kinderarmut"], "kinderarmut": ["armut"], "wohnen": [], "x": ["x"]})
    [['armut', 'kinderarmut', 'armut'], ['x', 'x']]
    """
    order = {node: i for i, node in enumerate(edges)}
    succ = {node: [t for t in targets if t in order] for node, targets in edges.items()}
    found = []
    for component in _strongly_connected(succ):
        start = min(component, key=order.__getitem__)
        if len(component) == 1 and start not in succ[start]:
            continue
        found.append(_cycle_through(start, succ, component))
    return sorted(found, key=lambda c: order[c[0]])


def _strongly_connected(succ: Mapping[str, list[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative (hierarchies can be deep)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    for root in succ:
        if root in index:
            continue
        work = [(root, iter(succ[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(succ[target])))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    components.append(component)
    return components


def _cycle_through(start: str, succ: Mapping[str, list[str]], component: set[str]) -> list[str]:
    """The shortest path from ``start`` back to itself inside its component."""
    parent: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in succ[node]:
                if target == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parent[path[-1]])
                    return [start, *reversed(path[:-1]), start] if node != start else [start, start]
                if target in component and target not in parent:
                    parent[target] = node
                    following.append(target)
        frontier = following
    raise AssertionError("a strongly connected component has a cycle")  # pragma: no cover
