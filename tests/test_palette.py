"""The page's colours and words: contrast, colour blindness, one shape per kind, names from the ontology."""

from __future__ import annotations

import itertools
import re

import pytest

from graph.errors import UsageError
from graph.views.network import EDGE_KINDS, EDGE_PROPERTIES, EDGES_QUERY, KINDS
from graph.views.palette import (
    BACKGROUND,
    KIND_STYLES,
    NEUTRAL_STYLE,
    PROJECTOR_CONTRAST,
    SHAPES,
    contrast_ratio,
    delta_e,
    simulate,
)
from graph.views.wording import RELATIONS, kind_names, number, relation_names, text

VISIONS = ("normal", "deuteranopia", "protanopia")
STYLES = {**KIND_STYLES, "other": NEUTRAL_STYLE}


def test_colour_measures_against_known_values() -> None:
    # WCAG: black on white 21:1, white on white 1:1, #767676 is the lightest grey with 4.5:1
    assert contrast_ratio("#000000") == 21.0
    assert contrast_ratio(BACKGROUND) == 1.0
    assert round(contrast_ratio("#767676"), 2) == 4.54
    assert round(contrast_ratio("#777777"), 2) == 4.48
    assert round(delta_e("#000000", "#ffffff"), 1) == 100.0
    for grey in ("#000000", "#777777", "#ffffff"):  # colour blindness leaves greys alone
        assert simulate(grey, "deuteranopia") == simulate(grey, "protanopia") == grey
    # The old palette, as the issue measured it: Planwerk #59a14f and Thema #e15759 are nearly
    # the same colour to a deuteranope (ΔE below 1), goal/event/instrument fills 1.6 to 2.0:1.
    assert delta_e(simulate("#59a14f", "deuteranopia"), simulate("#e15759", "deuteranopia")) < 1.0
    assert [round(contrast_ratio(c), 1) for c in ("#edc948", "#a0cbe8", "#ff9da7")] == [1.6, 1.7, 2.0]


@pytest.mark.parametrize("kind", list(STYLES))
def test_every_fill_has_contrast_against_the_background(kind: str) -> None:
    style = STYLES[kind]
    assert contrast_ratio(style["color"]) >= 3.0, (kind, style["color"])
    assert contrast_ratio(style["strong"]) >= PROJECTOR_CONTRAST, (kind, style["strong"])  # projector mode
    assert contrast_ratio(style["border"]) >= contrast_ratio(style["color"])  # the outline is darker still


def test_planwerk_and_thema_differ_under_red_green_colour_blindness() -> None:
    plan, theme = KIND_STYLES["plan"], KIND_STYLES["theme"]
    assert plan["shape"] != theme["shape"]
    for key in ("color", "strong"):
        for vision in ("deuteranopia", "protanopia"):
            assert delta_e(simulate(plan[key], vision), simulate(theme[key], vision)) >= 30, (key, vision)


def test_every_two_kinds_differ_in_shape_and_colour_for_every_vision() -> None:
    shapes = [s["shape"] for s in STYLES.values()]
    assert sorted(shapes) == sorted(SHAPES)  # one shape each, all of them drawn by the page
    for key, least in (("color", 10), ("strong", 9)):
        for vision in VISIONS:
            for a, b in itertools.combinations(KIND_STYLES, 2):
                d = delta_e(simulate(KIND_STYLES[a][key], vision), simulate(KIND_STYLES[b][key], vision))
                assert d >= least, (key, vision, a, b, round(d, 1))


def test_the_page_draws_every_shape() -> None:
    from graph.views.render import _TEMPLATES

    js = (_TEMPLATES / "shapes.js").read_text(encoding="utf-8")
    css = (_TEMPLATES / "network.css").read_text(encoding="utf-8")
    drawn = set(re.findall(r"^  (\w+): function \(ctx", js, re.M))
    assert drawn == set(SHAPES)
    assert {s for s in SHAPES if f".swatch.{s} " in css or f".swatch.{s}{{" in css} == set(SHAPES)  # legend


def test_kind_names_come_from_the_ontology() -> None:
    assert kind_names() == {
        "department": "Fachbereich",
        "enterprise": "Eigenbetrieb",
        "external": "externer Partner",
        "committee": "Ausschuss",
        "body": "Gremium",
        "actor": "Akteur",
        "authority": "Körperschaft",
        "plan": "Planwerk",
        "goal": "Ziel",
        "instrument": "Steuerungsinstrument",
        "theme": "Thema",
        "event": "Veranstaltung",
    }
    assert list(kind_names("en")) == list(KINDS)
    assert kind_names("en")["external"] == "external partner"
    assert set(KIND_STYLES) == set(KINDS) - {"actor"}  # palette.py holds looks only, no names
    assert all(
        set(style) == {"shape", "color", "border", "strong", "strongBorder"} for style in STYLES.values()
    )


def test_every_edge_kind_is_worded_from_both_sides_by_the_property_it_stands_for() -> None:
    assert set(RELATIONS) == set(EDGE_KINDS)
    for kind, curie in EDGE_PROPERTIES.items():
        if kind not in ("works_on", "engaged"):  # the derived ones are read by DERIVED_QUERY
            local = curie.rpartition("#")[2] if "#" in curie else curie.rpartition("/")[2]
            # the same property as the query that builds the network
            assert f'BIND("{kind}" AS ?kind)' in EDGES_QUERY, kind
            assert local in EDGES_QUERY.split(f'BIND("{kind}" AS ?kind)')[0].rsplit("UNION", 1)[-1], kind
    de, en = relation_names("de"), relation_names("en")
    assert de["works_on"] == ("arbeitet an", "bearbeitet von")
    assert de["broader"] == ("Oberthema", "Oberthema von")  # the workbook header; worded back
    assert de["owns"] == ("Federführung", "federführend für")  # the ontology's label of sp:ledBy
    assert de["pursues"] == ("verfolgt von", "verfolgt")
    assert en["part_of"] == ("part of", "includes")
    assert all(a and b and a != b for a, b in [*de.values(), *en.values()])


def test_numbers_and_texts_per_language() -> None:
    assert [number(13145), number(13145, "en"), number(1500), number(999)] == [
        "13.145",
        "13,145",
        "1.500",
        "999",
    ]
    assert [number(2.5, "de", 1), number(1234.5, "en", 1), number(1234.5, "de", 1)] == [
        "2,5",
        "1,234.5",
        "1.234,5",
    ]
    assert set(text("de")) == set(text("en"))  # every text in both languages
    with pytest.raises(UsageError, match="unknown language 'fr'; choose one of de, en"):
        text("fr")
