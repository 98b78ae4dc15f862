"""Reading a storyboard: every problem with its line, values as written, the file the demo writes reads back."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import cli
from graph.views.story import parse_story
from graph.views.storyboard import storyboard_yaml


def invoke(*args: str):
    return CliRunner().invoke(cli.main, list(args))


def problems_of(text: str, tmp_path: Path, *options: str) -> tuple[int, list[str], bool]:
    """Exit code, the problem lines and whether a page was written, for a story ``story.yaml``."""
    story = tmp_path / "story.yaml"
    story.write_text(text, encoding="utf-8")
    out = tmp_path / "page.html"
    result = invoke("present", str(story), "-o", str(out), *options)
    lines = [line.strip() for line in result.stderr.splitlines()[1:]]
    return result.exit_code, lines, out.exists()


def test_every_problem_of_a_story_is_reported_with_its_line(tmp_path):
    text = """\
steps:
  - view: ful
    caption: x
  - view: theme
    highlite: [FB 56]
  - theme: armtu
    select: FB 65
  - view: full
    highlight: [FB 56, FB 36x]
    filter: [Fachbereich, Planwerke]
  - view: theme
    theme: armut
    highlight: [FB 36]
  - view: focus
    focus: FB 65
    depth: 2
  - view: full
    caption: a
    caption: b
  - just text
  - view: focus
    focus: FB 56
    depth: 11
  - view: full
    depth: 2
    caption: [a, b]
    highlight: [FB 56, [x]]
    select: AGW
  - view: full
    filter: [theme]
    select: FB 56
"""
    code, lines, written = problems_of(text, tmp_path)
    assert code == 1
    assert not written
    assert lines == [
        "story.yaml:2 view: unknown view 'ful' (did you mean 'full'?)",
        "story.yaml:4 view: the theme view needs 'theme:' (a theme id, e.g. theme: armut)",
        "story.yaml:5 highlite: unknown key (did you mean 'highlight'?)",
        "story.yaml:6 theme: no theme with id 'armtu' (did you mean 'armut'?)",
        "story.yaml:7 select: no node with id 'FB 65' (did you mean 'FB 61'?)",
        "story.yaml:9 highlight: no node with id 'FB 36x' (did you mean 'FB 36'?)",
        "story.yaml:10 filter: unknown node kind 'Planwerke' (did you mean 'Planwerk'?)",
        "story.yaml:13 highlight: 'FB 36' (Fachbereich Umwelt) is not in this step's view "
        "(Wer arbeitet am Thema Armut?)",
        "story.yaml:15 focus: no node with id 'FB 65' (did you mean 'FB 61'?)",
        "story.yaml:19 caption: given twice (first on line 18)",
        "story.yaml:20: step 8 is not a mapping of keys such as 'view:' and 'caption:'",
        "story.yaml:23 depth: '11' is not a whole number from 1 to 10",
        "story.yaml:25 depth: goes with 'focus:' (how many links around the focus node)",
        'story.yaml:26 caption: one text is expected here, not a list or mapping (quote it: "…")',
        "story.yaml:27 highlight: each item is one id or name, not a list, mapping or nothing",
        "story.yaml:28 select: a step highlights or selects, not both (make it two steps)",
        "story.yaml:31 select: 'FB 56' (Fachbereich Wohnen, Soziales und Integration) is a department, "
        "which 'filter:' hides",
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "story.yaml:1 steps: no steps: a storyboard needs at least one step"),
        ("steps: []\n", "story.yaml:1 steps: no steps: a storyboard needs at least one step"),
        ("title: Sitzung\n", "story.yaml:1 steps: no steps: a storyboard lists its steps under 'steps:'"),
        ("steps: full\n", "story.yaml:1 steps: a list of steps is expected, each starting with '- '"),
        (
            "steps:\n  - view: full\n    caption: Armut: wer?\n",
            "story.yaml:3: not valid YAML: mapping values are not allowed here (a text with ': ' in it "
            'needs quotes: caption: "Armut: wer arbeitet daran?")',
        ),
        (
            "steps: [\n",
            "story.yaml:2: not valid YAML: while parsing a flow node expected the node content, but found "
            "'<stream end>'",
        ),
    ],
)
def test_an_empty_or_broken_story_is_one_problem(tmp_path, text, problem):
    code, lines, written = problems_of(text, tmp_path)
    assert (code, lines, written) == (1, [problem], False)


def test_yaml_that_would_run_something_is_refused_and_nothing_runs(tmp_path):
    marker = tmp_path / "ran"
    text = f'steps:\n  - !!python/object/apply:os.system ["touch {marker}"]\n'
    code, lines, written = problems_of(text, tmp_path)
    assert (code, written) == (1, False)
    assert lines == [
        "story.yaml:2: not valid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'"
    ]
    assert not marker.exists()


def test_values_are_taken_as_written_and_german_keys_work():
    story, problems = parse_story(
        "- view: full\n  caption: yes\n  select: 007\n"
        "- ansicht: thema\n  thema: armut\n  bildtext: Wer?\n  hervorheben: FB 56\n  filter: Fachbereich, Thema\n"
        "- fokus: FB 56\n  tiefe: 2\n  einschließen: [department, plan]\n"
    )
    assert problems == []
    first, second, third = story.steps
    assert (first.view, first.caption, first.select, first.line) == ("full", "yes", "007", 1)
    assert (second.view, second.theme, second.caption, second.highlight) == (
        "theme",
        "armut",
        "Wer?",
        ("FB 56",),
    )
    assert second.filter == ("department", "theme")
    assert (third.view, third.focus, third.depth, third.include) == (
        "focus",
        "FB 56",
        2,
        ("department", "plan"),
    )
    assert second.view_key == ("theme", None, "armut", None, None)


def test_a_highlighted_node_the_reduced_page_leaves_out_is_a_problem(tmp_path):
    code, lines, _ = problems_of("steps:\n  - highlight: [FB 36]\n", tmp_path, "--max-nodes", "10")
    assert code == 1
    assert lines == [
        "story.yaml:2 highlight: 'FB 36' (Fachbereich Umwelt) is not among the 10 of 99 nodes the page shows "
        "of this view (raise --max-nodes)"
    ]


def test_output_may_not_be_the_story_nor_another_format(tmp_path):
    story = tmp_path / "story.yaml"
    story.write_text("steps:\n  - view: full\n", encoding="utf-8")
    same = invoke("present", str(story), "-o", str(story))
    assert same.exit_code == 2 and "sozialgraph never changes its input" in same.stderr
    assert story.read_text(encoding="utf-8") == "steps:\n  - view: full\n"
    graphml = invoke("present", str(story), "-o", str(tmp_path / "x.graphml"))
    assert graphml.exit_code == 2


#: Texts as data may hold them: letters, digits, punctuation, symbols, spaces (no control characters,
#: which the workbook refuses).
TEXTS = st.text(st.characters(whitelist_categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(caption=TEXTS.filter(str.strip), ids=st.lists(TEXTS.filter(str.strip), min_size=1, max_size=4))
def test_the_file_the_demo_writes_reads_back_whatever_the_texts(caption, ids):
    text = storyboard_yaml([{"title": caption, "view": "full", "highlight": ids, "caption": caption}])
    story, problems = parse_story(text)
    assert problems == []
    (step,) = story.steps
    assert (step.title, step.caption) == (caption.strip(), caption.strip())
    assert step.highlight == tuple(i.strip() for i in ids)
