"""Synthetic municipalities for tests and benchmarks: a CSV workbook folder or N-Triples, from a seed.

Each municipality has 41 actors: the municipality itself (a Körperschaft named
after the town, id ``K001``), and departments with FB numbers and sub-units,
enterprises, external partners, committees and bodies with members; 30 plans,
150 goals (about a quarter of them sub-goals), 40 instruments and 2 events; all
share one theme scheme of 45 German themes with broader themes. The structure
gives analyses something to find: goals pursued by several actors, themes
nobody plans for (four of them in every municipality), goals without
instruments, idle instruments, and a few actors that take part in nothing.
Ids carry the municipality's prefix (``K001 FB 56``), so municipalities
coexist in one dataset. A municipality is known by its Körperschaft: its
departments, enterprises, committees and bodies are ``part_of`` it (units are
part of their department); external partners are not (a welfare association is
no part of the city), but every active one is a member of the municipality's
Sozial-Plattform, as in the Aachen council paper. The same seed gives the same bytes, and the CSV output
read by :func:`graph.io.load.read_dataset` with base :data:`BASE` is the same
graph as the N-Triples output (about 2,700 triples per municipality).
"""

from __future__ import annotations

import csv
import random
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.files import atomic_open, output_folder
from graph.io.load import cell_triples, entity_iri, entity_triples
from graph.namespaces import SP, XSD
from graph.schema import Column, Sheet, label, load_schema

__all__ = ["BASE", "THEMES", "GenerateReport", "generate", "town_name"]

#: Base IRI of generated entities (pass it to ``read_dataset`` for the CSV output).
BASE = "https://w3id.org/sozialgraph/id/synthetic/"

_THEME_TREE = {
    "Armut": ["Kinderarmut", "Altersarmut", "Erwerbsarmut", "Wohnungslosigkeit"],
    "Bildung": ["Frühkindliche Bildung", "Schulische Bildung", "Berufliche Bildung", "Weiterbildung"],
    "Wohnen": ["Bezahlbarer Wohnraum", "Quartiersentwicklung", "Barrierefreies Wohnen"],
    "Pflege": ["Ambulante Pflege", "Stationäre Pflege", "Pflegende Angehörige"],
    "Gesundheit": ["Psychische Gesundheit", "Suchtprävention", "Gesundheitsförderung"],
    "Arbeit": ["Langzeitarbeitslosigkeit", "Fachkräftesicherung"],
    "Integration": ["Zuwanderung", "Sprachförderung"],
    "Teilhabe": ["Inklusion", "Digitale Teilhabe", "Kulturelle Teilhabe", "Einsamkeit"],
    "Familie": ["Kinderbetreuung", "Alleinerziehende"],
    "Jugend": ["Jugendarbeit", "Kinderschutz"],
    "Alter": ["Seniorenarbeit"],
    "Sicherheit": ["Kriminalprävention"],
    "Mobilität": [],
    "Klimaanpassung": [],
}
#: (id, broader) of the shared theme scheme; a theme's id is also its name.
THEMES: tuple[tuple[str, str | None], ...] = tuple(
    item for top, subs in _THEME_TREE.items() for item in [(top, None), *((sub, top) for sub in subs)]
)
#: Themes no municipality plans for (the gap analysis always finds them).
UNPLANNED = ("Einsamkeit", "Digitale Teilhabe", "Kulturelle Teilhabe", "Klimaanpassung")

# fmt: off
_DEPARTMENTS = [
    ("FB 01", "Fachbereich Bürgerservice"), ("FB 02", "Fachbereich Personal und Organisation"),
    ("FB 11", "Fachbereich Steuerung und Finanzen"), ("FB 20", "Fachbereich Sicherheit und Ordnung"),
    ("FB 32", "Fachbereich Gesundheit"), ("FB 36", "Fachbereich Umwelt und Klima"),
    ("FB 40", "Fachbereich Bildung"), ("FB 42", "Fachbereich Kultur"),
    ("FB 45", "Fachbereich Kinder, Jugend und Schule"), ("FB 50", "Fachbereich Arbeit und Integration"),
    ("FB 52", "Fachbereich Sport"), ("FB 56", "Fachbereich Wohnen, Soziales und Integration"),
    ("FB 61", "Fachbereich Stadtentwicklung und Stadtplanung"),
    ("FB 64", "Fachbereich Wohnungswesen"), ("FB 66", "Fachbereich Verkehr und Mobilität"),
]
_UNITS = [("FB 56-1", "Sozialplanung", "FB 56"), ("FB 45-2", "Jugendhilfeplanung", "FB 45"),
          ("FB 61-3", "Statistik und Wahlen", "FB 61")]
_ENTERPRISES = [("E 18", "Stadtbetrieb"), ("E 26", "Gebäudemanagement"), ("E 37", "Kommunale Kitas"),
                ("E 42", "Volkshochschule"), ("E 49", "Sozialwerk")]
_EXTERNALS = ["Caritasverband", "Diakonisches Werk", "Arbeiterwohlfahrt", "Deutsches Rotes Kreuz",
              "Paritätischer Wohlfahrtsverband", "Gesundheitsamt der StädteRegion", "Polizeipräsidium",
              "Jobcenter", "Agentur für Arbeit", "Wohnungsbaugesellschaft"]
_COMMITTEES = ["Sozialausschuss", "Kinder- und Jugendausschuss", "Schulausschuss", "Planungsausschuss"]
_BODIES = ["Sozial-Plattform", "Lenkungsgruppe Armut", "Arbeitskreis Wohnen"]
_PLANS = [("Sozialentwicklungsplan", "Fachplan"), ("Schulentwicklungsplan", "Fachplan"),
          ("Kita-Bedarfsplan", "Fachplan"), ("Pflegeplan", "Fachplan"), ("Jugendhilfeplan", "Fachplan"),
          ("Handlungskonzept Wohnen", "Konzept"), ("Integrationskonzept", "Konzept"),
          ("Masterplan Inklusion", "Masterplan"), ("Gesundheitsbericht", "Bericht"),
          ("Armutsbericht", "Bericht"), ("Quartierskonzept", "Konzept"), ("Mobilitätskonzept", "Konzept"),
          ("Arbeitsmarktprogramm", "Programm"), ("Seniorenplan", "Fachplan"),
          ("Präventionskonzept", "Konzept")]
_INSTRUMENTS = [("Sozialberichterstattung", "Monitoring"), ("Wohnbaumonitoring", "Monitoring"),
                ("Bevölkerungsprognose", "Prognose"), ("Kleinräumiges Monitoring", "Monitoring"),
                ("Förderprogramm Quartier", "Förderprogramm"), ("Bildungsmonitoring", "Monitoring"),
                ("Pflegebedarfsprognose", "Prognose"), ("Beteiligungsverfahren", "Beteiligung"),
                ("Steuerungsrunde", "Steuerungsgremium"), ("Zuschussrichtlinie", "Förderprogramm")]
# Town names: a first and a second part (32 x 16 = 512 names; more get a number).
_TOWN_FIRST = ["Alt", "Bad", "Berg", "Birk", "Blum", "Brunn", "Buch", "Eich", "Eller", "Falken", "Feld",
               "Fichten", "Grün", "Hain", "Hasel", "Heid", "Hoch", "Holz", "Kirch", "Lind", "Moor", "Mühl",
               "Neu", "Ost", "Rosen", "Sand", "Schön", "Stein", "Tann", "Wald", "Weiden", "West"]
_TOWN_SECOND = ["au", "bach", "berg", "born", "brück", "burg", "dorf", "feld", "furt", "hagen", "hausen",
                "heim", "hof", "stadt", "tal", "wald"]
# fmt: on
_VERBS = ["verringern", "verbessern", "sichern", "stärken", "ausbauen", "fördern"]
_STATUS = (SP.Active, SP.Active, SP.Active, SP.Active, SP.Planned, SP.Proposed, SP.Ended, SP.Ended)
_COUNTS = {"actors": 41, "plans": 30, "goals": 150, "instruments": 40, "events": 2}


@dataclass
class GenerateReport:
    """What :func:`generate` wrote: files, rows per sheet, triples (N-Triples only)."""

    out: Path
    paths: list[Path]
    counts: dict[str, int]
    triples: int | None = None
    municipalities: int = 0
    seed: int = 0
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        rows = ", ".join(f"{n} {k}" for k, n in self.counts.items())
        extra = f", {self.triples:,} triples" if self.triples is not None else ""
        return f"wrote {self.out}: {self.municipalities} municipalities, {rows}{extra}"


Row = dict[str, object]


def town_name(n: int) -> str:
    """The name of the ``n``-th generated town (1-based), different for every ``n``.

    Examples
    --------
    >>> town_name(1), town_name(2), town_name(513)
    ('Altau', 'Badfeld', 'Altau 2')
    """
    i = (n - 1) % (len(_TOWN_FIRST) * len(_TOWN_SECOND))
    q, r = divmod(i, len(_TOWN_FIRST))
    name = _TOWN_FIRST[r] + _TOWN_SECOND[(q + 7 * r) % len(_TOWN_SECOND)]
    round_ = (n - 1) // (len(_TOWN_FIRST) * len(_TOWN_SECOND))
    return f"{name} {round_ + 1}" if round_ else name


def _municipality(rng: random.Random, prefix: str, town: str, used_themes: list[str]) -> dict[str, list[Row]]:
    """The rows of one municipality (ids prefixed with ``prefix``; the Körperschaft's id is ``prefix``)."""
    source = f"Synthetischer Datensatz {prefix}"

    def pid(ident: str) -> str:
        return f"{prefix} {ident}"

    actors: list[Row] = []
    for ident, name in _DEPARTMENTS + [(u[0], u[1]) for u in _UNITS]:
        actors.append({"id": pid(ident), "name": name, "type": SP.Department})
    for unit, _, parent in _UNITS:
        next(a for a in actors if a["id"] == pid(unit))["part_of"] = [pid(parent)]
    actors += [{"id": pid(i), "name": n, "type": SP.Enterprise} for i, n in _ENTERPRISES]
    actors += [
        {"id": pid(f"EXT {n + 1:02d}"), "name": x, "type": SP.ExternalPartner}
        for n, x in enumerate(_EXTERNALS)
    ]
    actors += [{"id": pid(f"A {n + 1}"), "name": x, "type": SP.Committee} for n, x in enumerate(_COMMITTEES)]
    bodies = [
        {"id": pid(f"G {n + 1}"), "name": f"{x} {prefix}", "type": SP.Body} for n, x in enumerate(_BODIES)
    ]
    actors += bodies
    inactive = set(
        rng.sample([a["id"] for a in actors if a["type"] in (SP.ExternalPartner, SP.Committee)], 3)
    )
    active = [a["id"] for a in actors if a["id"] not in inactive]
    leaders = [a["id"] for a in actors if a["type"] in (SP.Department, SP.Enterprise) and a["id"] in active]
    for body in bodies:
        body["members"] = sorted(
            rng.sample([a for a in active if a not in {b["id"] for b in bodies}], rng.randint(4, 9))
        )
    externals = [a["id"] for a in actors if a["type"] == SP.ExternalPartner and a["id"] in active]
    bodies[0]["members"] = sorted({*bodies[0]["members"], *externals})  # the Sozial-Plattform
    for a in actors:
        a["source"] = [source]
        if a["type"] == SP.Department and rng.random() < 0.5:
            a["url"] = (
                f"https://{prefix.lower()}.example.org/{quote(a['id'].split(' ', 1)[1].replace(' ', '-').lower())}"
            )
        if rng.random() < 0.7:
            a["description"] = f"Synthetischer Akteur in {prefix}: {a['name']}."

    # The municipality as a whole: made after every random choice above, so it takes part in none.
    for a in actors:
        if a["type"] in (SP.Department, SP.Enterprise, SP.Committee, SP.Body) and "part_of" not in a:
            a["part_of"] = [prefix]
    authority: Row = {
        "id": prefix,
        "name": f"Stadt {town}",
        "type": SP.LocalAuthority,
        "description": f"Die synthetische Kommune {town} ({prefix}) als Ganzes.",
        "source": [source],
    }
    actors.insert(0, authority)

    plans: list[Row] = []
    for n in range(_COUNTS["plans"]):
        base_name, kind = _PLANS[n % len(_PLANS)]
        year = rng.randint(2010, 2024)
        owner = rng.choice(leaders)
        partners = rng.sample([a for a in active if a != owner], rng.choice((0, 1, 1, 2, 3)))
        plan: Row = {
            "id": pid(f"P{n + 1:02d}"),
            "name": f"{base_name} {year}",
            "type": kind,
            "owner": owner,
            "partners": sorted(partners),
            "themes": sorted(rng.sample(used_themes, rng.randint(1, 4))),
            "year": str(year),
            "status": rng.choice(_STATUS),
            "source": [source],
        }
        if rng.random() < 0.3:
            plan["url"] = f"https://{prefix.lower()}.example.org/plan/{n + 1}"
        if rng.random() < 0.6:
            plan["description"] = f"{kind} der Kommune {prefix} aus dem Jahr {year}."
        plans.append(plan)

    goals: list[Row] = []
    for n in range(_COUNTS["goals"]):
        plan = plans[rng.randrange(len(plans))]
        theme = rng.choice(plan["themes"])
        goal: Row = {"id": pid(f"Z{n + 1:03d}"), "name": f"{theme} {rng.choice(_VERBS)}", "source": [source]}
        roll = rng.random()
        goal["plans"] = (
            []
            if roll < 0.05
            else sorted({plan["id"], rng.choice(plans)["id"]} if roll > 0.85 else {plan["id"]})
        )
        goal["actors"] = sorted({plan["owner"], *rng.sample(active, rng.choice((0, 1, 1, 2, 2, 3)))})
        goal["themes"] = sorted({theme, *rng.sample(used_themes, rng.choice((0, 0, 1, 1)))})
        siblings = [g["id"] for g in goals if plan["id"] in g["plans"] and "broader" not in g]
        if siblings and rng.random() < 0.35:
            goal["broader"] = [rng.choice(siblings)]
        if rng.random() < 0.8:
            goal["description"] = f"Synthetisches Ziel zum Thema {theme} in {prefix}."
        goals.append(goal)

    instruments: list[Row] = []
    for n in range(_COUNTS["instruments"]):
        name, kind = _INSTRUMENTS[n % len(_INSTRUMENTS)]
        served = [] if rng.random() < 0.15 else sorted(g["id"] for g in rng.sample(goals, rng.randint(1, 5)))
        instruments.append(
            {
                "id": pid(f"I{n + 1:02d}"),
                "name": f"{name} {n // len(_INSTRUMENTS) + 1}",
                "type": kind,
                "owner": rng.choice(leaders),
                "goals": served,
                "themes": sorted(rng.sample(used_themes, rng.randint(0, 2))),
                "status": rng.choice(_STATUS),
                "description": f"{kind}: {name} in {prefix}." if rng.random() < 0.6 else None,
                "source": [source],
            }
        )

    year = rng.randint(2016, 2024)
    events = [
        {
            "id": pid("V1"),
            "name": f"Sozialkonferenz {prefix} {year}",
            "type": "Konferenz",
            "date": f"{year}-{rng.randint(9, 11):02d}-{rng.randint(10, 28)}",
            "organiser": [rng.choice(leaders)],
            "participants": sorted(rng.sample(active, rng.randint(6, 12))),
            "themes": sorted(rng.sample(used_themes, 3)),
            "source": [source],
        },
        {
            "id": pid("V2"),
            "name": f"Sitzung der Sozial-Plattform {prefix}",
            "type": "Sitzung",
            "date": f"{year + 1}-{rng.randint(1, 6):02d}-{rng.randint(10, 28)}",
            "organiser": [bodies[0]["id"]],
            "participants": list(bodies[0]["members"]),
            "themes": sorted(rng.sample(used_themes, 2)),
            "source": [source],
        },
    ]
    return {"actors": actors, "plans": plans, "goals": goals, "instruments": instruments, "events": events}


def _themes() -> list[Row]:
    return [
        {
            "id": ident,
            "name": ident,
            "broader": [parent] if parent else [],
            "source": ["Synthetisches Themenschema"],
        }
        for ident, parent in THEMES
    ]


def _datasets(municipalities: int, seed: int):
    """Yield ``{sheet: rows}`` for the theme scheme, then for each municipality."""
    rng = random.Random(seed)
    yield {"themes": _themes()}
    plannable = [t for t, _ in THEMES if t not in UNPLANNED]
    width = max(3, len(str(municipalities)))
    for n in range(1, municipalities + 1):
        used = sorted(rng.sample(plannable, int(len(plannable) * 0.75)))
        yield _municipality(rng, f"K{n:0{width}d}", town_name(n), used)


# --------------------------------------------------------------------------
# writers


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, URIRef):
        return label(value, "de") or str(value)
    return str(value)


class _NTWriter:
    """Writes rows as N-Triples with the loader's own triple shapes (no second mapping)."""

    def __init__(self, handle, base: str):
        self.handle, self.base, self.triples = handle, base, 0
        #: lines about shared nodes (the theme scheme, sources), written once per file
        self.shared: set[str] = set()
        schema = load_schema()
        self.targets = {
            c.target: schema.sheet_for_class(c.target).key
            for s in schema.sheets
            for c in s.columns
            if c.kind == "ref"
        }

    def term(self, col: Column, item: str) -> Node:
        """A generated (always valid) cell item as an RDF term."""
        if col.kind == "ref":
            return entity_iri(self.base, self.targets[col.target], item)
        if col.kind in ("enum", "iri"):
            return URIRef(item)
        if col.kind in ("year", "date"):
            return Literal(item, datatype=XSD.gYear if col.kind == "year" else XSD.date)
        return Literal(item)

    def write(self, sheet: Sheet, rows: list[Row]) -> None:
        out: list[str] = []
        for row in rows:
            subject = entity_iri(self.base, sheet.key, row["id"])
            triples = entity_triples(sheet, subject, self.base)
            for col in sheet.columns:
                value = row.get(col.key)
                for item in value if isinstance(value, list) else ([] if value is None else [value]):
                    triples += cell_triples(subject, col, self.term(col, item), self.base)
            for triple in triples:
                line = f"{triple[0].n3()} {triple[1].n3()} {triple[2].n3()} ."
                if triple[0] != subject:
                    if line in self.shared:
                        continue
                    self.shared.add(line)
                out.append(line)
        self.triples += len(out)
        self.handle.write("\n".join(out) + "\n")


def generate(municipalities: int, seed: int, out: Path, *, fmt: str = "csv") -> GenerateReport:
    """Write ``municipalities`` synthetic municipalities to ``out``.

    Parameters
    ----------
    municipalities
        How many (each about 2,700 triples; 350 give about a million).
    seed
        The same seed gives byte-identical output.
    out
        ``csv``: a folder with ``Akteure.csv`` … ``Veranstaltungen.csv``, German
        headers, ``,`` delimiter, UTF-8; it replaces only an empty folder or one
        sozialgraph wrote (:func:`graph.files.output_folder`).
        ``nt``: one N-Triples file with IRIs under :data:`BASE`.
    fmt
        ``csv`` or ``nt``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> report = generate(1, 7, pathlib.Path(tempfile.mkdtemp()) / "one")
    >>> report.counts
    {'actors': 41, 'themes': 45, 'plans': 30, 'goals': 150, 'instruments': 40, 'events': 2, 'sources': 0}
    """
    if fmt not in ("csv", "nt"):
        raise ValueError(f"unknown format {fmt!r}: use 'csv' or 'nt'")
    if municipalities < 1:
        raise ValueError("generate at least one municipality")
    out = Path(out)
    schema = load_schema()
    counts = {s.key: 0 for s in schema.sheets}
    report = GenerateReport(out, [], counts, municipalities=municipalities, seed=seed)
    if fmt == "nt":
        with atomic_open(out, "w", encoding="utf-8", newline="\n") as handle:
            writer = _NTWriter(handle, BASE)
            for part in _datasets(municipalities, seed):
                for key, rows in part.items():
                    writer.write(schema.sheet(key), rows)
                    counts[key] += len(rows)
        report.paths, report.triples = [out], writer.triples
        return report
    with output_folder(out, command="generate") as folder, ExitStack() as files:
        writers = {
            s.key: csv.writer(
                files.enter_context(open(folder / f"{s.name_de}.csv", "w", encoding="utf-8", newline="")),
                delimiter=",",
                lineterminator="\n",
            )
            for s in schema.sheets
        }
        for sheet in schema.sheets:
            writers[sheet.key].writerow([c.header_de for c in sheet.columns])
        for part in _datasets(municipalities, seed):
            for key, rows in part.items():
                columns = schema.sheet(key).columns
                writers[key].writerows([_cell(row.get(c.key)) for c in columns] for row in rows)
                counts[key] += len(rows)
    report.paths = [out / f"{s.name_de}.csv" for s in schema.sheets]
    return report
