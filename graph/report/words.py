"""The words of the report in German and English, and the ontology's names of kinds, statuses and routes.

Headings and sentences are here; everything the ontology names (kinds of
actor, statuses, routes of "works on", SDG titles) comes from its labels, in
the report's language (:func:`term`, :func:`vocabulary`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rdflib import Literal, URIRef

from graph.errors import UsageError
from graph.views.wording import LANGS as PAGE_LANGS

__all__ = ["LANGS", "date_text", "label", "only_in", "term", "text", "vocabulary", "words"]

#: Languages of the report (those of the pages); the first is the default.
LANGS = PAGE_LANGS

_WORDS: dict[str, dict[str, str]] = {
    "de": {
        "title": "Sachstand Sozialplanung",
        "contents": "Inhalt",
        "page": "Seite",
        "of": "von",
        "dataset": "Datensatz",
        "as_of": "Stand",
        "counting": "Es zählen Planwerke und Instrumente mit Status {statuses}; ein Planwerk, dessen Ende vor dem Stichtag liegt, zählt als beendet.",
        "made_by": "Erstellt mit sozialgraph {version} aus den Analysen des Katalogs und den abgeleiteten Beziehungen (Regeln: README, „How the analyses count“).",
        "none": "keine",
        "yes": "ja",
        # summary
        "summary": "Auf einen Blick",
        "inventory": "Bestand",
        "what": "Art",
        "count": "Anzahl",
        "by_status": "Planwerke und Instrumente nach Status",
        "status": "Status",
        "no_status": "(ohne Angabe)",
        "plans": "Planwerke",
        "instruments": "Instrumente",
        "counted": "davon zählen",
        "key_agenda": "{covered} von {total} Themen auf Tagesordnungen von Veranstaltungen sind durch ein Planwerk abgedeckt.",
        "key_unplanned": "{n} von {total} Themen deckt kein Planwerk ab.",
        "key_goals": "{n} von {total} Zielen stehen in keinem Planwerk, das zählt.",
        "key_sdg": "Lokale Ziele nennen {n} der 17 Nachhaltigkeitsziele (SDG).",
        "key_pairs": "{n} Paare von Akteuren arbeiten an gemeinsamen Zielen.",
        # coverage
        "coverage": "Themen der Veranstaltungen und ihre Abdeckung",
        "coverage_intro": "Welche Themen standen auf der Tagesordnung, und plant ein Planwerk dafür? Ein Thema ist geplant, wenn ein Planwerk, das zählt, es abdeckt; eine Veranstaltung macht ein Thema nie geplant.",
        "no_agenda": "Keine Veranstaltung hat Themen auf der Tagesordnung.",
        "no_date": "ohne Datum",
        "theme": "Thema",
        "coverage_col": "Abdeckung",
        "plans_col": "Planwerke",
        "covered": "abgedeckt",
        "partly": "nur in Planwerken, die nicht zählen",
        "gap": "in keinem Planwerk",
        "event_summary": "{covered} von {total} Themen abgedeckt.",
        # overlaps
        "overlaps": "Gemeinsame Ziele und Schwerpunkte",
        "shared_goals": "Wer arbeitet an denselben Zielen?",
        "shared_goals_more": "Die {k} Paare mit den meisten gemeinsamen Zielen (von {n}).",
        "actor_a": "Akteur",
        "actor_b": "Akteur",
        "goals": "Ziele",
        "n_goals": "Zahl",
        "hotspots": "Schwerpunkte: Themen und Ziele, an denen viele Akteure arbeiten",
        "hotspots_more": "Die {k} Schwerpunkte mit den meisten Akteuren (von {n}).",
        "kind": "Art",
        "name": "Name",
        "actors": "Akteure",
        "n_actors": "Zahl der Akteure",
        # gaps
        "gaps": "Lücken",
        "unplanned": "Themen, die kein Planwerk abdeckt",
        "broader": "Oberthema",
        "actors_working": "Akteure, die daran arbeiten",
        "only_in": "nur in",
        "goals_without_plan": "Ziele ohne Planwerk, das zählt",
        "pursued_by": "verfolgt von",
        "goals_without_actor": "Ziele, an denen niemand arbeitet",
        "themes": "Themen",
        "plans_without_goal": "Planwerke ohne Ziele",
        "lead": "Federführung",
        "year": "Jahr",
        "idle_instruments": "Instrumente, die keinem Ziel dienen",
        "inactive_actors": "Akteure ohne Aktivität",
        "member_of": "Mitglied von",
        "id": "Kennung",
        "goal": "Ziel",
        "plan": "Planwerk",
        "instrument": "Instrument",
        "actor": "Akteur",
        # matrix
        "matrix": "Wer arbeitet woran? Akteure und Themen",
        "matrix_intro": "Je Akteur und Thema: an wie vielen Zielen zum Thema der Akteur arbeitet; „·“ heißt, er arbeitet am Thema ohne ein Ziel dazu (über ein Planwerk oder ein Instrument). Themen zählen genau, ohne Unterthemen. Je dunkler, desto mehr Ziele.",
        "matrix_cut": "Gezeigt: die {a} Akteure und {t} Themen mit den meisten Zielen (von {na} und {nt}).",
        "matrix_none": "Niemand arbeitet an einem Thema.",
        # land (several municipalities)
        "land": "Welche Kommune plant wofür?",
        "land_intro": "Je Kommune und Oberthema: wie viele Planwerke der Kommune das Thema abdecken (ein Planwerk gehört zur Kommune der Federführung). „–“ ist eine Lücke: kein Planwerk der Kommune deckt das Thema ab, auch wenn Akteure daran arbeiten.",
        "land_gaps": "Lücken",
        "land_summary": "In {n} von {total} Kommunen bleibt mindestens ein Oberthema ungeplant.",
        "land_cut": "Gezeigt: die {shown} Kommunen mit den meisten Lücken (von {total}); alle in „sozialgraph coverage --wide plans“.",
        "municipality": "Kommune",
        "land_details": "Dieser Bericht gibt den Überblick über die Kommunen. Was jede Kommune im Einzelnen enthält – die Themen ihrer Veranstaltungen, die Listen ihrer Lücken, wer woran arbeitet, das Netzwerk, Moderationsteams und der Anhang der Planwerke – steht im Bericht der Kommune: sozialgraph report --dataset NAME (jede Kommune als eigener Datensatz geladen).",
        "legend": "Legende",
        "without_goal": "ohne Ziel",
        # network
        "network": "Das Netzwerk",
        "network_caption": "Akteure, Planwerke, Ziele, Instrumente, Themen und Veranstaltungen ({n} Knoten, {m} Verbindungen). Größe nach Zentralität; beschriftet sind die {k} zentralsten Knoten. Jede Art hat eine eigene Form.",
        "network_cut": "Gezeigt: die {shown} zentralsten von {total} Knoten.",
        "network_none": "Das Netzwerk hat keine Verbindungen.",
        "network_alone": "Ohne Verbindung (nicht gezeigt): {names}.",
        "network_alt": "Netzwerkbild. Die zentralsten Knoten: {names}.",
        # sdg
        "sdg": "Beitrag zu den Nachhaltigkeitszielen (SDG)",
        "sdg_intro": "Je Ziel der Agenda 2030: wie viele lokale Ziele es nennen (direkt oder über eine Zielvorgabe), welche zählenden Planwerke diese Ziele enthalten, wie viele Akteure daran arbeiten und welche Themen es berühren (Tabelle im Stil eines Voluntary Local Review).",
        "sdg_col": "SDG",
        "sdg_title": "Ziel",
        "local_goals": "lokale Ziele",
        # teams
        "teams": "Vorschlag für Moderationsteams",
        "teams_intro": "Für jedes Thema der Veranstaltung „{event}“ ({date}) ein Team aus Verwaltung (Fachbereich, Eigenbetrieb) und externem Partner, die am Thema oder einem Unterthema arbeiten; niemand in mehr als {cap} Teams. Vorrang hat, wer an mehr Zielen zum Thema arbeitet, dann auf mehr Wegen.",
        "teams_none": "Keine Veranstaltung hat Themen auf der Tagesordnung.",
        "administration": "Verwaltung",
        "external": "externer Partner",
        "others": "weitere Kandidaten",
        "nearest": "naheliegende Akteure",
        "note": "Hinweis",
        "missing_none_administration": "kein Akteur der Verwaltung arbeitet daran",
        "missing_none_external": "kein externer Partner arbeitet daran",
        "missing_cap_administration": "alle Kandidaten der Verwaltung sind schon in genug Teams",
        "missing_cap_external": "alle externen Kandidaten sind schon in genug Teams",
        "nobody": "niemand arbeitet am Thema oder einem Unterthema",
        "near_broader": "arbeitet am Oberthema {via} oder einem Thema darunter",
        "near_goal": "arbeitet am Ziel {via}, das mit dem Ziel {through} zum Thema verbunden ist",
        "near_event": "hat sich bei Veranstaltungen mit dem Thema befasst (arbeitet nicht daran)",
        # annex
        "annex": "Anhang: Überblick zu Planungswerken",
        "annex_intro": "Je Akteur: die Planwerke, die er federführend verantwortet oder an denen er beteiligt ist, und die Instrumente, die er führt (jeder Status), sowie die Ziele, an denen er arbeitet (nur über Planwerke und Instrumente, die zählen, oder unmittelbar).",
        "annex_idle": "Ohne Planwerk, Instrument oder Ziel: {names}.",
        "role": "Rolle",
        "led": "federführend",
        "partner": "beteiligt",
        "end": "Ende",
        # sources
        "sources": "Quellen",
        "sources_intro": "Die Angaben der Spalte Quelle und die Zeilen des Blatts Quellen, mit der Zahl der Einträge, die sich darauf stützen.",
        "source": "Quelle",
        "type": "Typ",
        "date": "Datum",
        "url": "Adresse",
        "entries": "Einträge",
        "no_sources": "Keine Einträge nennen eine Quelle.",
    },
    "en": {
        "title": "Social planning: status report",
        "contents": "Contents",
        "page": "Page",
        "of": "of",
        "dataset": "Dataset",
        "as_of": "As of",
        "counting": "Plans and instruments count with the status {statuses}; a plan whose end lies before the day of the report counts as ended.",
        "made_by": "Made with sozialgraph {version} from the analyses of the catalogue and the derived relations (rules: README, “How the analyses count”).",
        "none": "none",
        "yes": "yes",
        "summary": "At a glance",
        "inventory": "Inventory",
        "what": "Kind",
        "count": "Number",
        "by_status": "Plans and instruments by status",
        "status": "Status",
        "no_status": "(not given)",
        "plans": "Plans",
        "instruments": "Instruments",
        "counted": "of which count",
        "key_agenda": "{covered} of {total} themes on the agendas of events are covered by a plan.",
        "key_unplanned": "{n} of {total} themes are covered by no plan.",
        "key_goals": "{n} of {total} goals are stated in no plan that counts.",
        "key_sdg": "Local goals name {n} of the 17 Sustainable Development Goals (SDGs).",
        "key_pairs": "{n} pairs of actors work on shared goals.",
        "coverage": "Event themes and their coverage",
        "coverage_intro": "Which themes were on the agenda, and does a plan plan for them? A theme is planned when a plan that counts covers it; an event never makes a theme planned.",
        "no_agenda": "No event has themes on its agenda.",
        "no_date": "no date",
        "theme": "Theme",
        "coverage_col": "Coverage",
        "plans_col": "Plans",
        "covered": "covered",
        "partly": "only in plans that do not count",
        "gap": "in no plan",
        "event_summary": "{covered} of {total} themes covered.",
        "overlaps": "Shared goals and hotspots",
        "shared_goals": "Who works on the same goals?",
        "shared_goals_more": "The {k} pairs with the most shared goals (of {n}).",
        "actor_a": "Actor",
        "actor_b": "Actor",
        "goals": "Goals",
        "n_goals": "Number",
        "hotspots": "Hotspots: themes and goals many actors work on",
        "hotspots_more": "The {k} hotspots with the most actors (of {n}).",
        "kind": "Kind",
        "name": "Name",
        "actors": "Actors",
        "n_actors": "Number of actors",
        "gaps": "Gaps",
        "unplanned": "Themes no plan covers",
        "broader": "Broader theme",
        "actors_working": "Actors working on it",
        "only_in": "only in",
        "goals_without_plan": "Goals without a plan that counts",
        "pursued_by": "pursued by",
        "goals_without_actor": "Goals nobody works on",
        "themes": "Themes",
        "plans_without_goal": "Plans without goals",
        "lead": "Led by",
        "year": "Year",
        "idle_instruments": "Instruments that serve no goal",
        "inactive_actors": "Inactive actors",
        "member_of": "Member of",
        "id": "Id",
        "goal": "Goal",
        "plan": "Plan",
        "instrument": "Instrument",
        "actor": "Actor",
        "matrix": "Who works on what? Actors and themes",
        "matrix_intro": "Per actor and theme: how many goals on the theme the actor works on; “·” means it works on the theme without a goal on it (through a plan or an instrument). Themes count exactly, without narrower themes. The darker, the more goals.",
        "matrix_cut": "Shown: the {a} actors and {t} themes with the most goals (of {na} and {nt}).",
        "matrix_none": "Nobody works on a theme.",
        # land (several municipalities)
        "land": "Which municipality plans for what?",
        "land_intro": "Per municipality and top theme: how many plans of the municipality cover the theme (a plan belongs to the municipality of its lead). “–” is a gap: no plan of the municipality covers the theme, even where actors work on it.",
        "land_gaps": "Gaps",
        "land_summary": "In {n} of {total} municipalities at least one top theme is left unplanned.",
        "land_cut": "Shown: the {shown} municipalities with the most gaps (of {total}); all of them in “sozialgraph coverage --wide plans”.",
        "municipality": "Municipality",
        "land_details": "This report gives the overview of the municipalities. What each municipality holds in detail – the themes of its events, the lists of its gaps, who works on what, the network, moderation teams and the annex of plans – is in the municipality's own report: sozialgraph report --dataset NAME (each municipality loaded as a dataset of its own).",
        "legend": "Legend",
        "without_goal": "without a goal",
        "network": "The network",
        "network_caption": "Actors, plans, goals, instruments, themes and events ({n} nodes, {m} links). Size by centrality; the {k} most central nodes are named. Every kind has a shape of its own.",
        "network_cut": "Shown: the {shown} most central of {total} nodes.",
        "network_none": "The network has no links.",
        "network_alone": "Without links (not shown): {names}.",
        "network_alt": "Network picture. The most central nodes: {names}.",
        "sdg": "Contribution to the Sustainable Development Goals (SDGs)",
        "sdg_intro": "Per goal of the 2030 Agenda: how many local goals name it (directly or through a target), which plans that count state those goals, how many actors work on them and which themes touch it (a table in the style of a Voluntary Local Review).",
        "sdg_col": "SDG",
        "sdg_title": "Goal",
        "local_goals": "local goals",
        "teams": "Proposed moderation teams",
        "teams_intro": "For every theme of the event “{event}” ({date}) a team of the administration (department, enterprise) and an external partner who work on the theme or a narrower one; nobody on more than {cap} teams. Those who work on more goals on the theme come first, then those with more routes.",
        "teams_none": "No event has themes on its agenda.",
        "administration": "Administration",
        "external": "external partner",
        "others": "other candidates",
        "nearest": "nearest actors",
        "note": "Note",
        "missing_none_administration": "no administration actor works on it",
        "missing_none_external": "no external partner works on it",
        "missing_cap_administration": "every administration candidate is on enough teams already",
        "missing_cap_external": "every external candidate is on enough teams already",
        "nobody": "nobody works on the theme or a narrower one",
        "near_broader": "works on the broader theme {via} or a theme under it",
        "near_goal": "works on the goal {via}, linked to the theme's goal {through}",
        "near_event": "met on the theme at events (does not work on it)",
        "annex": "Annex: Overview of planning documents",
        "annex_intro": "Per actor: the plans it leads or partners and the instruments it leads (any status), and the goals it works on (only through plans and instruments that count, or directly).",
        "annex_idle": "Without a plan, instrument or goal: {names}.",
        "role": "Role",
        "led": "leads",
        "partner": "partner",
        "end": "End",
        "sources": "Sources",
        "sources_intro": "The values of the source column and the rows of the sources sheet, with the number of entries that rest on each.",
        "source": "Source",
        "type": "Type",
        "date": "Date",
        "url": "Address",
        "entries": "Entries",
        "no_sources": "No entry names a source.",
    },
}

_ONLY_IN = re.compile(r"\((?P<status>[^(),;]+?)(?:, Ende (?P<end>\d{4}-\d{2}-\d{2}))?\)(?=;|$)")


def _check(lang: str) -> str:
    if lang in LANGS:
        return lang
    raise UsageError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")


def words(lang: str = "de") -> dict[str, str]:
    """Every word of the report in ``lang`` (a copy).

    Examples
    --------
    >>> words("en")["annex"]
    'Annex: Overview of planning documents'
    """
    return dict(_WORDS[_check(lang)])


def text(lang: str, key: str, **values: object) -> str:
    """One sentence of the report, filled in.

    Examples
    --------
    >>> text("de", "event_summary", covered=2, total=3)
    '2 von 3 Themen abgedeckt.'
    >>> text("de", "network_cut", shown=250, total=13145)
    'Gezeigt: die 250 zentralsten von 13.145 Knoten.'
    """
    from graph.views.wording import number

    filled = {
        k: number(v, lang) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in values.items()
    }
    return _WORDS[_check(lang)][key].format(**filled)


@lru_cache(maxsize=2)
def vocabulary(lang: str) -> dict[str, str]:
    """The ontology's German labels (``rdfs:label``, ``skos:prefLabel``) and the same terms' labels in ``lang``.

    A German label that names terms with different labels in ``lang`` is left out.

    Examples
    --------
    >>> vocabulary("en")["beendet"], vocabulary("en")["über ein Ziel"]
    ('ended', 'through a goal')
    """
    from graph.namespaces import RDFS, SKOS
    from graph.schema import ontology_graph

    onto = ontology_graph()
    found: dict[str, set[str]] = {}
    for prop in (RDFS.label, SKOS.prefLabel):
        for subject, de in onto.subject_objects(prop):
            if not (isinstance(de, Literal) and de.language == "de"):
                continue
            there = [o for o in onto.objects(subject, prop) if isinstance(o, Literal) and o.language == lang]
            if there:
                found.setdefault(str(de), set()).add(str(there[0]))
    return {de: next(iter(out)) for de, out in found.items() if len(out) == 1}


def term(value: object, lang: str) -> str:
    """A cell of a catalogue analysis in ``lang``: each ``; ``-separated part that the ontology names.

    The catalogue writes the ontology's German labels (kinds, statuses, routes);
    other text (names from the data) stays as it is.

    Examples
    --------
    >>> term("Fachbereich; externer Partner", "en")
    'department; external partner'
    >>> term("Armut", "en"), term("Fachbereich", "de")
    ('Armut', 'Fachbereich')
    """
    if value is None:
        return ""
    out = str(value)
    if _check(lang) == "de" or not out:
        return out
    names = vocabulary(lang)
    return "; ".join(names.get(part, part) for part in out.split("; "))


def label(iri: URIRef | None, lang: str, default: str = "") -> str:
    """The ontology's label of ``iri`` in ``lang`` (e.g. a status or a route)."""
    from graph.schema import label as ontology_label

    if iri is None:
        return default
    return ontology_label(URIRef(str(iri)), _check(lang)) or default


def only_in(value: object, lang: str) -> str:
    """An ``only_in`` cell of the gap analyses (``Plan (beendet)``, ``Plan (aktiv, Ende 2018-12-31)``) in ``lang``.

    Examples
    --------
    >>> only_in("Arbeitsmarktprogramm 2014–2018 (aktiv, Ende 2018-12-31)", "en")
    'Arbeitsmarktprogramm 2014–2018 (active, ends 2018-12-31)'
    >>> only_in("Pflegeplanung (beendet); Digitalstrategie (vorgeschlagen)", "de")
    'Pflegeplanung (beendet); Digitalstrategie (vorgeschlagen)'
    >>> only_in("Arbeitsmarktprogramm (aktiv, Ende 2018-12-31)", "de")
    'Arbeitsmarktprogramm (aktiv, Ende 31.12.2018)'
    """

    def one(match: re.Match) -> str:
        status = term(match["status"], lang)
        end = match["end"]
        if not end:
            return f"({status})"
        return f"({status}, {'Ende' if lang == 'de' else 'ends'} {date_text(end, lang)})"

    return _ONLY_IN.sub(one, "" if value is None else str(value))


def date_text(value: object, lang: str) -> str:
    """An ISO date (or year) as the report writes it: ``31.12.2018`` in German, ISO in English.

    Examples
    --------
    >>> date_text("2018-12-31", "de"), date_text("2018-12-31", "en"), date_text("2017", "de")
    ('31.12.2018', '2018-12-31', '2017')
    """
    out = "" if value is None else str(value)
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", out)
    if match and _check(lang) == "de":
        return f"{match[3]}.{match[2]}.{match[1]}"
    return out
