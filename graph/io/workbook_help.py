"""The help a workbook carries for the planner: dropdowns (data validation lists) and the explanation sheet.

Both are generated from the schema (``ontology/shapes.ttl``): the explanation
sheet from the sheets' and columns' ``rdfs:comment``, the dropdowns from the
columns' kinds: closed lists (actor type, status) offer their labels, references
offer the ids of the sheet they point to, as a range over that sheet's id
column that grows as ids are typed. Tabs whose name starts with ``#`` (the
explanation, the lists, a partner workbook's bookkeeping) are read past by the
loader.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from graph.namespaces import RDFS, SH
from graph.schema import Column, Sheet, label, load_schema, shapes_graph
from graph.xlsx_writer import Styled, sheet_title, xlsx_bytes

__all__ = ["GUIDE_TITLE", "LISTS_TITLE", "column_text", "guide_rows", "header", "help_workbook", "sheet_name"]

#: The explanation sheet's tab, by language (first in the workbook).
GUIDE_TITLE = {"de": "# Anleitung", "en": "# How to fill in"}
#: The hidden tab of further choices (the type values an overview uses).
LISTS_TITLE = {"de": "# Listen", "en": "# Lists"}
_LAST_ROW = 1_048_576
_HEAD_FILL = "DDEBF7"

_TEXT = {
    "de": {
        "title": "So füllen Sie die Arbeitsmappe aus",
        "what": "Bedeutung",
        "details": "Angaben",
        "general": [
            (
                "Aufbau",
                "Jedes Blatt ist eine Tabelle: eine Zeile je Eintrag, die erste Zeile nennt die Spalten. "
                "Blätter und Spalten, deren Name mit # beginnt, sind Notizen: sozialgraph liest sie nicht ein.",
            ),
            (
                "Neue Zeile",
                "Schreiben Sie einen neuen Eintrag in die erste freie Zeile unter der Tabelle. Geben Sie ihm "
                "eine ID, die es im Blatt noch nicht gibt, und füllen Sie mindestens die Pflichtfelder aus.",
            ),
            (
                "IDs",
                "Lassen Sie die IDs bestehender Einträge, wie sie sind: Über die ID finden andere Einträge "
                "und die Gesamtübersicht den Eintrag wieder. Eine geänderte ID gilt als gelöschter und neuer "
                "Eintrag.",
            ),
            (
                "Verweise",
                "Spalten wie Federführung, Beteiligte, Themen oder Ziele nennen die ID einer Zeile aus einem "
                "anderen Blatt (Federführung: eine ID aus Akteure). Die Auswahlliste der Zelle bietet die IDs "
                "an; neue IDs erscheinen dort, sobald sie im Blatt stehen.",
            ),
            ("Mehrere Werte", "Mehrere Werte in einer Zelle trennen Sie mit ; (z. B. armut; wohnen)."),
            (
                "Auswahllisten",
                "Typ und Status bieten ihre Werte zur Auswahl an; bei einem anderen Wert fragt Excel nach.",
            ),
            ("Datum", "Datumsangaben als TT.MM.JJJJ; ein Jahr als vierstellige Zahl."),
            ("Notizen", "Eigene Anmerkungen in eine Spalte, deren Überschrift mit # beginnt (# Anmerkung)."),
        ],
        "required": "Pflichtfeld",
        "list": "mehrere Werte mit ; trennen",
        "ref": "ID aus dem Blatt {sheet}",
        "source": "ID aus dem Blatt {sheet} oder freier Text",
        "choices": "Auswahl: {choices}",
        "date": "Datum (TT.MM.JJJJ)",
        "end": "Datum (TT.MM.JJJJ) oder Jahr",
        "year": "Jahr (JJJJ)",
        "iri": "Internetadresse (https://…)",
        "sdg": "Nummern der UN-Nachhaltigkeitsziele (1 bis 17) oder ihrer Unterziele (1.2)",
        "prompt_ref": "Eine ID aus dem Blatt {sheet}.",
        "prompt_list": "Eine ID aus dem Blatt {sheet}; mehrere mit ; trennen.",
        "prompt_type": "Ein Wert aus der Liste oder ein eigener.",
        "error_title": "Wert nicht in der Liste",
        "error_ref": "Keine ID aus dem Blatt {sheet}. Tragen Sie die Zeile dort ein oder wählen Sie eine ID aus der Liste.",
        "error_choice": "Kein Wert aus der Liste ({choices}).",
    },
    "en": {
        "title": "How to fill in the workbook",
        "what": "Meaning",
        "details": "Details",
        "general": [
            (
                "Layout",
                "Each sheet is a table: one row per entry, the first row names the columns. Sheets and "
                "columns whose name starts with # are notes: sozialgraph does not read them.",
            ),
            (
                "New row",
                "Write a new entry into the first free row below the table. Give it an id the sheet does "
                "not have yet, and fill in at least the required columns.",
            ),
            (
                "Ids",
                "Leave the ids of existing entries as they are: other entries and the overview find an "
                "entry by its id. A changed id counts as a removed and a new entry.",
            ),
            (
                "References",
                "Columns such as owner, partners, themes or goals name the id of a row of another sheet "
                "(owner: an id of actors). The cell's dropdown offers the ids; new ids appear there as "
                "soon as they are in the sheet.",
            ),
            ("Several values", "Separate several values in one cell with ; (e.g. armut; wohnen)."),
            ("Dropdowns", "Type and status offer their values; Excel asks before taking another value."),
            ("Dates", "Dates as DD.MM.YYYY or YYYY-MM-DD; a year as four digits."),
            ("Notes", "Your own notes go into a column whose header starts with # (# note)."),
        ],
        "required": "required",
        "list": "separate several values with ;",
        "ref": "an id of the sheet {sheet}",
        "source": "an id of the sheet {sheet}, or any text",
        "choices": "one of: {choices}",
        "date": "a date",
        "end": "a date, or a year",
        "year": "a year (YYYY)",
        "iri": "a web address (https://…)",
        "sdg": "numbers of the UN Sustainable Development Goals (1 to 17) or their targets (1.2)",
        "prompt_ref": "An id of the sheet {sheet}.",
        "prompt_list": "An id of the sheet {sheet}; separate several with ;.",
        "prompt_type": "A value of the list, or your own.",
        "error_title": "Not in the list",
        "error_ref": "No id of the sheet {sheet}. Add the row there, or choose an id of the list.",
        "error_choice": "Not a value of the list ({choices}).",
    },
}


def sheet_name(sheet: Sheet, lang: str) -> str:
    """The tab name of ``sheet`` in ``lang`` (``de``: the German name, ``en``: the English key)."""
    return sheet.name_de if lang == "de" else sheet.key


def header(col: Column, lang: str) -> str:
    """The header of ``col`` in ``lang`` (``de``: German, ``en``: the English key)."""
    return col.header_de if lang == "de" else col.key


@cache
def _comments() -> dict[tuple[str, str], dict[str, str]]:
    """``rdfs:comment`` of every sheet (key, "") and column (sheet key, column key), by language."""
    g = shapes_graph()
    found: dict[tuple[str, str], dict[str, str]] = {}
    for sheet in load_schema().sheets:
        shape = next(g.subjects(SH.targetClass, sheet.target_class))
        found[(sheet.key, "")] = {c.language: str(c) for c in g.objects(shape, RDFS.comment)}
        for node in g.objects(shape, SH.property):
            names = {n.language: str(n) for n in g.objects(node, SH.name)}
            found[(sheet.key, names["en"])] = {c.language: str(c) for c in g.objects(node, RDFS.comment)}
    return found


def _choices(col: Column, lang: str) -> list[str]:
    """The labels of a closed list's values, in the schema's order."""
    terms = list(dict.fromkeys(col.choices.values()))
    return [label(t, lang) or str(t) for t in terms]


def column_text(sheet: Sheet, col: Column, lang: str) -> tuple[str, str]:
    """What a column means (its ``rdfs:comment``) and what goes into it (required, list, reference …).

    Examples
    --------
    >>> plans = load_schema().sheet("plans")
    >>> column_text(plans, plans.column("owner"), "de")
    ('Der federführende Akteur.', 'Pflichtfeld; ID aus dem Blatt Akteure')
    >>> column_text(plans, plans.column("status"), "en")[1]
    'one of: active, planned, proposed, ended'
    """
    t = _TEXT[lang]
    meaning = _comments().get((sheet.key, col.key), {}).get(lang, "")
    details = [t["required"]] if col.required else []
    target = load_schema().sheet_for_class(col.target) if col.target is not None else None
    if col.kind == "ref" and target is not None:
        details.append(t["ref"].format(sheet=sheet_name(target, lang)))
    elif col.kind == "source":
        details.append(t["source"].format(sheet=sheet_name(load_schema().sheet("sources"), lang)))
    elif col.kind == "enum":
        details.append(t["choices"].format(choices=", ".join(_choices(col, lang))))
    elif col.kind in ("date", "year", "iri", "sdg"):
        details.append(t["end" if col.year_means_end else col.kind])
    if not col.single and col.kind != "enum":
        details.append(t["list"])
    return meaning, "; ".join(details)


def guide_rows(lang: str, intro: Sequence[tuple[str, str]] = ()) -> tuple[list[str], list[list[Any]]]:
    """The explanation sheet: ``intro`` and the general rules, then every sheet and column of the schema.

    Examples
    --------
    >>> headers, rows = guide_rows("de")
    >>> headers[0]
    'So füllen Sie die Arbeitsmappe aus'
    >>> [r[0].value for r in rows if isinstance(r[0], Styled) and r[0].fill][:3]
    ['Akteure', 'Themen', 'Planwerke']
    """
    t = _TEXT[lang]
    rows: list[list[Any]] = []
    for topic, text in [*intro, *t["general"]]:
        rows.append([Styled(topic, bold=True, wrap=True), Styled(text, wrap=True), None])
    for sheet in load_schema().sheets:
        rows.append([None, None, None])
        head = _comments()[(sheet.key, "")].get(lang, "")
        rows.append(
            [
                Styled(sheet_name(sheet, lang), bold=True, fill=_HEAD_FILL),
                Styled(head, bold=True, fill=_HEAD_FILL, wrap=True),
                Styled(t["details"], bold=True, fill=_HEAD_FILL),
            ]
        )
        for col in sheet.columns:
            meaning, details = column_text(sheet, col, lang)
            rows.append([header(col, lang), Styled(meaning, wrap=True), Styled(details, wrap=True)])
    return [t["title"], t["what"], t["details"]], rows


def _quoted(title: str) -> str:
    return "'" + sheet_title(title).replace("'", "''") + "'"


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _validations(sheet: Sheet, lang: str, lists: Mapping[tuple[str, str], str]) -> list[Any]:
    """The data validations of one data sheet: closed lists, references, offered type values."""
    from openpyxl.worksheet.datavalidation import DataValidation

    t = _TEXT[lang]
    schema = load_schema()
    found = []
    for index, col in enumerate(sheet.columns, start=1):
        where = f"{_letter(index)}2:{_letter(index)}{_LAST_ROW}"
        target = schema.sheet_for_class(col.target) if col.kind == "ref" else None
        if col.kind == "source":
            target = schema.sheet("sources")
        if col.kind == "enum":
            choices = ", ".join(_choices(col, lang))
            formula = '"' + ",".join(_choices(col, lang)) + '"'
            check = DataValidation(type="list", formula1=formula, allow_blank=True, errorStyle="warning")
            check.error, check.errorTitle = t["error_choice"].format(choices=choices), t["error_title"]
            check.showErrorMessage = True
        elif target is not None:
            name = _quoted(sheet_name(target, lang))
            id_col = _letter(next(i for i, c in enumerate(target.columns, 1) if c.key == "id"))
            formula = f"OFFSET({name}!${id_col}$2,0,0,MAX(1,COUNTA({name}!${id_col}:${id_col})-1),1)"
            check = DataValidation(type="list", formula1=formula, allow_blank=True, errorStyle="warning")
            shown = sheet_name(target, lang)
            if col.single and col.kind == "ref":
                check.error, check.errorTitle = t["error_ref"].format(sheet=shown), t["error_title"]
                check.showErrorMessage = True
                check.prompt = t["prompt_ref"].format(sheet=shown)
            else:  # several ids, or free text: the list helps, any text is taken
                check.showErrorMessage = False
                check.prompt = t["prompt_list"].format(sheet=shown)
            check.showInputMessage = True
        elif (sheet.key, col.key) in lists:
            check = DataValidation(type="list", formula1=lists[(sheet.key, col.key)], allow_blank=True)
            check.showErrorMessage = False
            check.prompt, check.showInputMessage = t["prompt_type"], True
        else:
            continue
        check.add(where)
        found.append(check)
    return found


def help_workbook(
    tables: Mapping[str, tuple[Sequence[str], Sequence[Sequence[Any]]]],
    lang: str = "de",
    *,
    intro: Sequence[tuple[str, str]] = (),
    offered: Mapping[tuple[str, str], Sequence[str]] | None = None,
    hidden: Mapping[str, tuple[Sequence[str], Sequence[Sequence[Any]]]] | None = None,
    file: str = "",
) -> bytes:
    """A workbook of the schema's sheets with the explanation sheet first and dropdowns in every sheet.

    Parameters
    ----------
    tables
        ``{sheet key: (headers, rows)}``; the headers start with the schema's
        columns in order (note columns may follow). Every sheet of the schema is
        written, empty where ``tables`` has none.
    lang
        ``de`` or ``en``: tab names, headers, labels and texts.
    intro
        Rows ``(topic, text)`` on top of the explanation sheet.
    offered
        Values offered in the free-text columns ``(sheet key, column key)``
        (e.g. the plan types an overview uses), on a hidden tab of lists.
    hidden
        Further tabs, written last and hidden from the planner (``veryHidden``:
        Excel's menu does not offer to show them).
    """
    schema = load_schema()
    sheets: dict[str, tuple[Sequence[str], Sequence[Sequence[Any]]]] = {}
    sheets[GUIDE_TITLE[lang]] = guide_rows(lang, intro)
    for sheet in schema.sheets:
        sheets[sheet_name(sheet, lang)] = tables.get(sheet.key) or (
            [header(c, lang) for c in sheet.columns],
            [],
        )
    lists: dict[tuple[str, str], str] = {}
    states: dict[str, str] = {}
    if offered:
        title = LISTS_TITLE[lang]
        keys = [k for k in offered if offered[k]]
        heads = [
            f"{sheet_name(schema.sheet(s), lang)}: {header(schema.sheet(s).column(c), lang)}" for s, c in keys
        ]
        depth = max((len(offered[k]) for k in keys), default=0)
        columns = [list(offered[k]) + [None] * (depth - len(offered[k])) for k in keys]
        sheets[title] = (heads, [list(r) for r in zip(*columns, strict=True)])
        for i, key in enumerate(keys, start=1):
            lists[key] = f"{_quoted(title)}!${_letter(i)}$2:${_letter(i)}${len(offered[key]) + 1}"
        states[sheet_title(title)] = "hidden"
    for title, content in (hidden or {}).items():
        sheets[title] = content
        states[sheet_title(title)] = "veryHidden"
    by_title = {sheet_title(sheet_name(s, lang)): s for s in schema.sheets}

    def dress(title: str, ws: Any) -> None:
        if title in states:
            ws.sheet_state = states[title]
        elif title == sheet_title(GUIDE_TITLE[lang]):
            for letter, width in (("A", 24), ("B", 80), ("C", 48)):
                ws.column_dimensions[letter].width = width
        elif title in by_title:
            for check in _validations(by_title[title], lang, lists):
                ws.data_validations.append(check)

    return xlsx_bytes(sheets, file=file, dress=lambda title, ws: dress(sheet_title(title), ws))
