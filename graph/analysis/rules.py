"""The planning rules: derived relations computed once, into derived graphs per status.

This module and the rule files in ``graph/analysis/rules/`` are the only place
where "works on", "addresses", "covers", "engaged in", "active" and "counts"
are stated. Each rule file is a SPARQL SELECT of ``?s ?p ?o`` (the relation and
its route as the sub-property ``?p``), optionally ``?via`` (the plan or
instrument that carries it) or ``?graph`` (the derived graph of the relation it
was derived from). :func:`derive` runs the rules in file order, inside the
engine, and puts each relation into the derived graph of its carrier's status:

- a plan or instrument without a status is active; with an end date (column
  ``Ende``) its relations go into a graph of their own for that status and end;
- relations nothing carries (a goal an actor pursues directly, an event) go
  into the graph that always counts.

Which derived graphs count is chosen when a question is asked
(:func:`counted_graphs`): by default the statuses active and planned, and a
carrier whose end lies before the day in question (``--as-of``, default today)
counts as ended. So the same store answers ``--status all`` and ``--as-of
2018-06-30`` without being loaded again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from graph.errors import UsageError, did_you_mean
from graph.prefixes import PREFIXES
from graph.store.base import Scope, Store
from graph.store.catalog import DatasetInfo, Partition, derived_prefix

__all__ = [
    "ALWAYS",
    "DEFAULT_STATUSES",
    "RULES_DIR",
    "RULES_VERSION",
    "STATUSES",
    "Rule",
    "counted_graphs",
    "derive",
    "parse_statuses",
    "rules",
    "scope_for",
    "status_label",
]

#: Folder of the rule files.
RULES_DIR = Path(__file__).resolve().parent / "rules"
#: Changes when the rules change, so that a store derived by older rules is noticed.
RULES_VERSION = "1"
#: The status keys, in the order of the ontology's status scheme.
STATUSES: tuple[str, ...] = ("active", "planned", "proposed", "ended")
#: The statuses that count unless the user chooses (``--status``).
DEFAULT_STATUSES: frozenset[str] = frozenset({"active", "planned"})
#: The key of the derived graph that always counts.
ALWAYS = "always"

_TERMS = {key: f"{PREFIXES['sp']}{key.title()}" for key in STATUSES}
_KEY_OF = {term: key for key, term in _TERMS.items()}
_HEADER = re.compile(r"^#\+\s*(?P<key>[A-Za-z_-]+)\s*:\s*(?P<value>.*?)\s*$")
_PROLOGUE = re.compile(r"^\s*(PREFIX|BASE)\b", re.IGNORECASE)

_CARRIERS = """
PREFIX sp: <https://w3id.org/sozialgraph/ontology#>
PREFIX schema: <https://schema.org/>
SELECT ?x ?status ?end WHERE {
  { ?x a sp:Plan } UNION { ?x a sp:SteeringInstrument }
  OPTIONAL { ?x sp:status ?status }
  OPTIONAL { ?x schema:endDate ?end }
}
"""


# --------------------------------------------------------------------------
# statuses


def status_label(key: str, lang: str = "de") -> str:
    """The ontology's label of a status key.

    Examples
    --------
    >>> status_label("ended"), status_label("ended", "en")
    ('beendet', 'ended')
    """
    from rdflib import Literal, URIRef

    from graph.namespaces import RDFS
    from graph.schema import ontology_graph

    for value in ontology_graph().objects(URIRef(_TERMS[key]), RDFS.label):
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    return key


def parse_statuses(text: str | Iterable[str] | None) -> frozenset[str]:
    """The status keys a user names (German or English, ``,`` or ``;`` between), or ``all``.

    Examples
    --------
    >>> sorted(parse_statuses("aktiv, geplant"))
    ['active', 'planned']
    >>> sorted(parse_statuses("all")) == sorted(STATUSES)
    True
    >>> parse_statuses("beendt")
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: unknown status 'beendt' (did you mean 'beendet'?); the statuses are: aktiv, geplant, vorgeschlagen, beendet, all
    """
    if text is None:
        return DEFAULT_STATUSES
    items = re.split(r"[,;]", text) if isinstance(text, str) else list(text)
    items = [i.strip() for i in items if i and i.strip()]
    if not items:
        return DEFAULT_STATUSES
    from rdflib import URIRef

    from graph.namespaces import RDFS, SKOS
    from graph.schema import normalise, ontology_graph

    names: dict[str, str] = {"all": "all", "alle": "all"}
    onto = ontology_graph()
    for key, term in _TERMS.items():
        names[key] = key
        for prop in (RDFS.label, SKOS.altLabel):
            for value in onto.objects(URIRef(term), prop):
                names[normalise(value)] = key
    found: set[str] = set()
    for item in items:
        key = names.get(normalise(item))
        if key is None:
            shown = [status_label(k) for k in STATUSES] + ["all"]
            raise UsageError(
                f"unknown status {item!r}{did_you_mean(item, shown)}; the statuses are: {', '.join(shown)}"
            )
        found.update(STATUSES if key == "all" else [key])
    return frozenset(found)


def counted_graphs(
    datasets: Iterable[DatasetInfo], statuses: frozenset[str] = DEFAULT_STATUSES, as_of: dt.date | None = None
) -> tuple[str, ...]:
    """The derived graphs that count: always, and those whose carriers' status is chosen.

    A carrier whose end lies before ``as_of`` (default: today) counts as ended.

    Examples
    --------
    >>> parts = (Partition("g/always"), Partition("g/active", "active"),
    ...          Partition("g/active/2018-12-31", "active", dt.date(2018, 12, 31)))
    >>> ds = DatasetInfo("x", "g", parts)
    >>> counted_graphs([ds], DEFAULT_STATUSES, dt.date(2018, 6, 30))
    ('g/active', 'g/active/2018-12-31', 'g/always')
    >>> counted_graphs([ds], DEFAULT_STATUSES, dt.date(2019, 1, 1))
    ('g/active', 'g/always')
    >>> counted_graphs([ds], frozenset({"ended"}), dt.date(2019, 1, 1))
    ('g/active/2018-12-31', 'g/always')
    """
    day = as_of or dt.date.today()
    out = []
    for ds in datasets:
        for part in ds.partitions:
            if part.status is None:
                out.append(part.graph)
                continue
            status = "ended" if part.end is not None and part.end < day else part.status
            if status in statuses:
                out.append(part.graph)
    return tuple(sorted(out))


def scope_for(
    datasets: list[DatasetInfo],
    statuses: frozenset[str] = DEFAULT_STATUSES,
    as_of: dt.date | None = None,
    *,
    ontology: str | None = None,
) -> Scope:
    """The scope of a question: the datasets' data as default graph; as named graphs the derived
    graphs that count and the shipped vocabulary (``ontology``: labels, sub-properties, SDGs).

    The default graph names the data graphs even when every dataset of a store is asked:
    Oxigraph's union of all graphs costs more (gaps on a store folder at 10k: 0.14 s against
    0.11 s, bench/RESULTS.md), and it would show the derived graphs that do not count to
    a question of one's own that reads the default graph.
    """
    default = tuple(d.data_graph for d in datasets)
    named = counted_graphs(datasets, statuses, as_of) + ((ontology,) if ontology else ())
    return Scope(default=default, named=named)


# --------------------------------------------------------------------------
# rule files


@dataclass(frozen=True)
class Rule:
    """One rule file: its name, title, summary and whether it repeats until nothing new is found."""

    name: str
    title: str
    summary: str
    repeat: bool
    path: Path

    def text(self) -> str:
        """The SPARQL text of the rule."""
        return self.path.read_text(encoding="utf-8")


def rules() -> list[Rule]:
    """The rule files in the order they run.

    Examples
    --------
    >>> [r.name for r in rules()][:3]
    ['broader-transitive', 'works-on-goals', 'works-on-themes']
    """
    out = []
    for path in sorted(RULES_DIR.glob("*.rq")):
        fields: dict[str, str] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _HEADER.match(line.strip())
            if match:
                fields.setdefault(match["key"].lower(), match["value"])
        name = path.stem.split("-", 1)[1] if path.stem[:2].isdigit() else path.stem
        out.append(Rule(name, fields.get("title", name), fields.get("summary", ""), "repeat" in fields, path))
    return out


def _split(text: str) -> tuple[str, str]:
    """The prologue (PREFIX lines) and the SELECT of a rule file."""
    prologue, body = [], []
    for line in text.splitlines():
        if not body and (_PROLOGUE.match(line) or not line.strip() or line.lstrip().startswith("#")):
            if _PROLOGUE.match(line):
                prologue.append(line)
            continue
        body.append(line)
    return "\n".join(prologue), "\n".join(body)


def _wrap(rule: Rule, data: str, named: list[str], always: str, carriers: str, ontology: str) -> str:
    """The SPARQL update that inserts a rule's rows into their derived graphs.

    The rule's own patterns see the dataset's data as the default graph (and
    the derived graphs as named graphs); the carriers and the vocabulary are
    read with ``GRAPH <…>`` only, so that no triple pattern of a rule looks into
    three graphs where the data lives in one. Every carrier, every derived graph
    and the graph that always counts name their target in the carriers graph
    (``?key sp:derivedGraph ?target``), so the target is one inner join.

    Every IRI written here is a graph name this module built from a dataset's
    slug; no value from the data is pasted into the text.
    """
    prologue, select = _split(rule.text())
    prefixes = "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items())
    clauses = "\n".join([f"USING <{data}>"] + [f"USING NAMED <{g}>" for g in [*named, carriers, ontology]])
    return f"""{prefixes}
{prologue}
INSERT {{ GRAPH ?target {{ ?s ?p ?o . ?s ?super ?o }} }}
{clauses}
WHERE {{
  {{ {select} }}
  BIND(COALESCE(?graph, ?via, <{always}>) AS ?key)
  GRAPH <{carriers}> {{ ?key sp:derivedGraph ?target }}
  OPTIONAL {{ GRAPH <{ontology}> {{ ?p rdfs:subPropertyOf ?super . FILTER(isIRI(?super)) }} }}
}}"""


def derive(store: Store, data_graph: str, ontology: str) -> tuple[Partition, ...]:
    """Run the rules on one dataset of an Oxigraph store; return its derived graphs.

    Parameters
    ----------
    store
        An :class:`~graph.store.oxigraph.OxigraphStore` holding the dataset's data
        graph ``data_graph`` and the shipped ontology in the graph ``ontology``.
        Earlier derived graphs of the dataset are removed first.
    """
    from rdflib import URIRef

    from graph.namespaces import SP

    prefix = derived_prefix(data_graph)
    for name in sorted(store.graph_names()):
        if name.startswith(prefix + "/"):
            store.drop_graph(name)
    always = f"{prefix}/{ALWAYS}"
    carriers_graph = f"{prefix}/carriers"
    partitions: dict[str, Partition] = {always: Partition(always)}
    quads = []
    rows = store.query(_CARRIERS, scope=Scope(default=(data_graph,), named=())).rows
    for carrier, status, end in rows:
        key = _KEY_OF.get(str(status), "active") if status is not None else "active"
        try:
            end_date = dt.date.fromisoformat(str(end)[:10]) if end is not None else None
        except ValueError:
            end_date = None
        graph = f"{prefix}/{key}" + (f"/{end_date.isoformat()}" if end_date else "")
        partitions.setdefault(graph, Partition(graph, key, end_date))
        quads.append((carrier, SP.derivedGraph, URIRef(graph), carriers_graph))
    # a derived graph (a relation derived from one, ?graph) and "always" (nothing carries it) are their own target
    quads += [(URIRef(g), SP.derivedGraph, URIRef(g), carriers_graph) for g in partitions]
    store.add_quads(quads)
    named = sorted(partitions)
    for rule in rules():
        update = _wrap(rule, data_graph, named, always, carriers_graph, ontology)
        before = -1
        while True:
            store.update(update)
            if not rule.repeat:
                break
            size = len(store)
            if size == before:
                break
            before = size
    store.drop_graph(carriers_graph)
    return tuple(sorted(partitions.values(), key=lambda p: p.graph))
