"""A storyboard: the steps of a platform session, read from a YAML file and checked, every problem at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import DataError, Problem, did_you_mean

__all__ = [
    "MAX_BYTES",
    "STEP_KEYS",
    "STORY_KEYS",
    "VIEW_NAMES",
    "Step",
    "Story",
    "kind_key",
    "parse_story",
    "read_story",
]

#: A step's keys, each with the German spellings also accepted.
STEP_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("titel",),
    "view": ("ansicht",),
    "focus": ("fokus",),
    "theme": ("thema",),
    "depth": ("tiefe",),
    "include": ("einschließen",),
    "highlight": ("hervorheben",),
    "select": ("auswählen",),
    "filter": (),
    "caption": ("bildtext",),
}
#: The keys of the storyboard itself.
STORY_KEYS: dict[str, tuple[str, ...]] = {"title": ("titel",), "steps": ("schritte",)}
#: The views a step shows (as ``sozialgraph network --view`` names them), with German names.
VIEW_NAMES: dict[str, tuple[str, ...]] = {
    "full": ("alles",),
    "actors": ("akteure",),
    "focus": ("umfeld",),
    "theme": ("thema",),
}
#: A storyboard is a short text; a larger file is refused before it is parsed.
MAX_BYTES = 1_000_000
_NULL = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class Step:
    """One picture of the session: a view, what it highlights or selects, which kinds it shows, a caption.

    ``number`` counts from 1; ``line`` is the line the step starts on and ``lines`` the
    line of each key given (``highlight_lines``: of each highlighted id). ``buildable``
    is false when the view cannot be built (an unknown view, a theme view without a
    theme, …); the problem is reported already.
    """

    number: int
    line: int
    view: str = "full"
    focus: str | None = None
    theme: str | None = None
    depth: int = 1
    include: tuple[str, ...] | None = None
    highlight: tuple[str, ...] = ()
    select: str | None = None
    filter: tuple[str, ...] | None = None
    caption: str = ""
    title: str | None = None
    lines: Mapping[str, int] = field(default_factory=dict)
    highlight_lines: tuple[int, ...] = ()
    buildable: bool = True

    @property
    def view_key(self) -> tuple:
        """What makes two steps show the same network (then only highlight, selection, filter and caption change)."""
        return (self.view, self.focus, self.theme, self.depth if self.focus else None, self.include)


@dataclass(frozen=True)
class Story:
    """The steps of a storyboard file, and the name its problems are reported under."""

    file: str
    steps: tuple[Step, ...]
    title: str | None = None

    def problem(self, line: int | None, key: str | None, message: str) -> Problem:
        """A problem at ``line`` of the file, under ``key``."""
        return Problem(self.file, line, key, message)


def read_story(path: str | Path) -> str:
    """The text of a storyboard file (UTF-8, with or without BOM); a file that is not one raises DataError."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DataError(
                [Problem(path.name, None, None, f"{size:,} bytes is too large for a storyboard")],
                where="the storyboard",
            )
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise DataError(
            [Problem(path.name, line, None, "not UTF-8 text (save the file as UTF-8)")],
            where="the storyboard",
        ) from None


def _kind_names() -> dict[str, str]:
    """Every way to name a node kind (the kind, its English and German name) -> the kind."""
    from graph.views.network import KINDS
    from graph.views.wording import kind_names

    names = {k: k for k in KINDS}
    for lang in ("en", "de"):
        names.update({v: k for k, v in kind_names(lang).items()})
    return names


def kind_key(name: str) -> str | None:
    """The node kind a name stands for: the kind itself, or its German or English name (any case).

    Examples
    --------
    >>> kind_key("department"), kind_key("Fachbereich"), kind_key("externer partner"), kind_key("Plan")
    ('department', 'department', 'external', 'plan')
    >>> kind_key("Fachbereiche") is None
    True
    """
    folded = {k.casefold(): v for k, v in _kind_names().items()}
    return folded.get(name.strip().casefold())


def parse_story(text: str, file: str = "story.yaml") -> tuple[Story, list[Problem]]:
    """The steps of a storyboard written in YAML, and every problem of its form.

    The YAML is read as data only (:func:`yaml.safe_load`; a tag that would build an
    object is refused). Values are taken as written: ``select: 007`` is the id ``007``,
    ``caption: yes`` the text ``yes``. Whether the ids exist is checked against the
    data when the page is written (:func:`graph.views.present.write_story`). Invalid YAML raises
    :class:`DataError` at once.

    Examples
    --------
    >>> story, problems = parse_story("steps:\\n- view: theme\\n  theme: armut\\n  caption: Wer?\\n- {highlite: FB 56}")
    >>> [(s.view, s.theme, s.caption) for s in story.steps]
    [('theme', 'armut', 'Wer?'), ('full', None, '')]
    >>> [str(p) for p in problems]
    ["story.yaml:5 highlite: unknown key (did you mean 'highlight'?)"]
    """
    import yaml

    try:
        yaml.safe_load(text)  # data only: a tag that would construct an object is refused here
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        if "mapping values are not allowed" in what:
            what += " (a text with ': ' in it needs quotes: caption: \"Armut: wer arbeitet daran?\")"
        raise DataError(
            [Problem(file, mark.line + 1 if mark else None, None, f"not valid YAML: {what}")],
            where="the storyboard",
        ) from None
    except yaml.YAMLError as exc:
        raise DataError(
            [Problem(file, None, None, f"not valid YAML: {exc}")], where="the storyboard"
        ) from None
    problems: list[Problem] = []
    story = Story(file, ())

    def say(node_or_line: Any, key: str | None, message: str) -> None:
        line = node_or_line if isinstance(node_or_line, int) else _line(node_or_line)
        problems.append(story.problem(line, key, message))

    title, steps_node, steps_line = None, root, 1
    if isinstance(root, yaml.MappingNode):
        entries = _entries(root, STORY_KEYS, say)
        title = _text(entries.get("title"), "title", say)
        if "steps" not in entries:
            say(root, "steps", "no steps: a storyboard lists its steps under 'steps:'")
            return Story(file, (), title), problems
        steps_line, steps_node = entries["steps"]
    if root is None or (isinstance(steps_node, yaml.ScalarNode) and steps_node.tag == _NULL):
        say(steps_line, "steps", "no steps: a storyboard needs at least one step")
        return Story(file, (), title), problems
    if not isinstance(steps_node, yaml.SequenceNode):
        say(steps_node, "steps", "a list of steps is expected, each starting with '- '")
        return Story(file, (), title), problems
    if not steps_node.value:
        say(steps_line, "steps", "no steps: a storyboard needs at least one step")
    steps = [_step(i + 1, node, say) for i, node in enumerate(steps_node.value)]
    return Story(file, tuple(s for s in steps if s is not None), title), problems


def _line(node: Any) -> int:
    return node.start_mark.line + 1


def _hint(value: str, candidates: Iterable[str], valid: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for a close candidate, else the valid values."""
    return did_you_mean(value, candidates) or f" (one of {', '.join(valid)})"


def _entries(node: Any, keys: Mapping[str, tuple[str, ...]], say) -> dict[str, tuple[int, Any]]:
    """The known keys of a mapping (German spellings mapped to English) with their line and value node."""
    import yaml

    aliases = {k: k for k in keys} | {a: k for k, names in keys.items() for a in names}
    aliases |= {a.replace("ä", "ae").replace("ß", "ss"): k for a, k in list(aliases.items())}
    found: dict[str, tuple[int, Any]] = {}
    for key_node, value in node.value:
        line = _line(key_node)
        if not isinstance(key_node, yaml.ScalarNode):
            say(line, None, "a key is a single word, e.g. 'caption:'")
            continue
        key = aliases.get(key_node.value.strip().casefold())
        if key is None:
            say(
                line,
                key_node.value,
                f"unknown key{_hint(key_node.value, aliases, keys)}",
            )
        elif key in found:
            say(line, key_node.value, f"given twice (first on line {found[key][0]})")
        else:
            found[key] = (line, value)
    return found


def _text(entry: tuple[int, Any] | None, key: str, say) -> str | None:
    """A value that is one text (as written), or None if it is not given or empty."""
    import yaml

    if entry is None:
        return None
    line, node = entry
    if isinstance(node, yaml.ScalarNode):
        return None if node.tag == _NULL or not node.value.strip() else node.value.strip()
    say(line, key, 'one text is expected here, not a list or mapping (quote it: "…")')
    return None


def _texts(
    entry: tuple[int, Any] | None, key: str, say, *, split: bool
) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
    """A list of texts (or one text; with ``split``, comma-separated words) and the line of each."""
    import yaml

    if entry is None:
        return None
    line, node = entry
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _NULL:
            return None
        items = [x.strip() for x in node.value.split(",")] if split else [node.value.strip()]
        items = [x for x in items if x]
        return tuple(items), (_line(node),) * len(items)
    if isinstance(node, yaml.SequenceNode):
        values, lines = [], []
        for item in node.value:
            if not isinstance(item, yaml.ScalarNode) or item.tag == _NULL:
                say(_line(item), key, "each item is one id or name, not a list, mapping or nothing")
                continue
            values.append(item.value.strip())
            lines.append(_line(item))
        return tuple(values), tuple(lines)
    say(line, key, "a list is expected here, e.g. [FB 56, AGW]")
    return None


def _kinds(entry: tuple[int, Any] | None, key: str, say) -> tuple[str, ...] | None:
    """Node kinds (by kind, German or English name); unknown ones are reported."""
    from graph.views.network import KINDS

    got = _texts(entry, key, say, split=True)
    if got is None:
        return None
    kinds = []
    for name, line in zip(*got, strict=True):
        kind = kind_key(name)
        if kind is None:
            say(line, key, f"unknown node kind {name!r}{_hint(name, _kind_names(), KINDS)}")
        elif kind not in kinds:
            kinds.append(kind)
    return tuple(kinds) if kinds else None


def _step(number: int, node: Any, say) -> Step | None:
    """One step of the list; its problems are reported through ``say``."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        say(node, None, f"step {number} is not a mapping of keys such as 'view:' and 'caption:'")
        return None
    entries = _entries(node, STEP_KEYS, say)
    lines = {key: line for key, (line, _) in entries.items()}
    buildable = True
    view_text = _text(entries.get("view"), "view", say)
    focus = _text(entries.get("focus"), "focus", say)
    theme = _text(entries.get("theme"), "theme", say)
    views = {k: k for k in VIEW_NAMES} | {a: k for k, names in VIEW_NAMES.items() for a in names}
    if view_text is None:
        view = "focus" if focus else "theme" if theme else "full"
    else:
        view = views.get(view_text.casefold(), "")
        if not view:
            say(
                lines["view"],
                "view",
                f"unknown view {view_text!r}{_hint(view_text, views, VIEW_NAMES)}",
            )
            buildable = False
    at = lines.get("view", _line(node))
    if view == "theme" and not theme:
        say(at, "view", "the theme view needs 'theme:' (a theme id, e.g. theme: armut)")
        buildable = False
    if view == "focus" and not focus:
        say(at, "view", "the focus view needs 'focus:' (the id of the node in the centre)")
        buildable = False
    depth = 1
    depth_text = _text(entries.get("depth"), "depth", say)
    if depth_text is not None:
        if not focus:
            say(lines["depth"], "depth", "goes with 'focus:' (how many links around the focus node)")
        elif not (depth_text.isdigit() and 1 <= int(depth_text) <= 10):
            say(lines["depth"], "depth", f"{depth_text!r} is not a whole number from 1 to 10")
            buildable = False
        else:
            depth = int(depth_text)
    include = _kinds(entries.get("include"), "include", say)
    if "include" in entries and include is None:
        buildable = False
    highlight, highlight_lines = _texts(entries.get("highlight"), "highlight", say, split=False) or ((), ())
    select = _text(entries.get("select"), "select", say)
    if select and highlight:
        say(lines["select"], "select", "a step highlights or selects, not both (make it two steps)")
    return Step(
        number=number,
        line=_line(node),
        view=view or "full",
        focus=focus,
        theme=theme,
        depth=depth,
        include=tuple(sorted(include)) if include else None,
        highlight=highlight,
        select=select,
        filter=_kinds(entries.get("filter"), "filter", say),
        caption=_text(entries.get("caption"), "caption", say) or "",
        title=_text(entries.get("title"), "title", say),
        lines=lines,
        highlight_lines=highlight_lines,
        buildable=buildable,
    )
