"""Checked option types: a bad value is a usage error (exit 2) that says what is wrong, never a traceback."""

from __future__ import annotations

import math
from urllib.parse import urlsplit

import click

__all__ = ["IRI", "SECONDS", "TEXT", "URL", "undecodable"]


def undecodable(value: str) -> str | None:
    """Describe the bytes of a command-line value the system could not decode, or None.

    Python hands such bytes on as lone surrogates (``M\\udcfcller`` for the
    Latin-1 bytes of "Müller"); as text they would fail far from here.

    Examples
    --------
    >>> undecodable("Müller") is None
    True
    >>> print(undecodable("M\\udcfcller"))
    'M\\xfcller' is not UTF-8 text (byte 0xFC); set the terminal to UTF-8
    """
    bad = [c for c in value if "\udc80" <= c <= "\udcff"]
    if not bad:
        return None
    shown = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return f"'{shown}' is not UTF-8 text (byte 0x{ord(bad[0]) - 0xDC00:02X}); set the terminal to UTF-8"


class _Text(click.ParamType):
    """Text that is really text (no undecodable bytes)."""

    name = "text"

    def convert(self, value, param, ctx):
        value = str(value)
        problem = undecodable(value)
        if problem:
            self.fail(problem, param, ctx)
        return value


class _Seconds(_Text):
    """A time to wait: a finite number of seconds above 0."""

    name = "seconds"

    def convert(self, value, param, ctx):
        try:
            number = float(value if isinstance(value, (int, float)) else super().convert(value, param, ctx))
        except ValueError:
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(number) or number <= 0:
            self.fail(f"{value!r} is not a time to wait; give seconds above 0, e.g. 30", param, ctx)
        return number


class _Iri(_Text):
    """An absolute IRI, as the RDF engine reads it (a scheme, no spaces, a valid host)."""

    name = "iri"

    def convert(self, value, param, ctx):
        import pyoxigraph

        text = super().convert(value, param, ctx)
        try:
            pyoxigraph.NamedNode(text)
            valid = ":" in text
        except ValueError:
            valid = False
        if not valid:
            self.fail(
                f"{text!r} is not an IRI: it starts with a scheme (https://…) and has no spaces "
                'or <>"{}|^`\\ characters',
                param,
                ctx,
            )
        return text


class _Url(_Text):
    """An http(s) address with a host."""

    name = "url"

    def convert(self, value, param, ctx):
        text = super().convert(value, param, ctx)
        try:
            parts = urlsplit(text)
            parts.port  # noqa: B018 - reading it checks the port
        except ValueError as exc:
            self.fail(f"{text!r} is not a valid address: {exc}", param, ctx)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            self.fail(f"{text!r} is not an http(s) address, e.g. http://localhost:8890/sparql", param, ctx)
        return text


TEXT, SECONDS, IRI, URL = _Text(), _Seconds(), _Iri(), _Url()
