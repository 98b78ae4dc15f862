"""The README stays true: commands, analyses and the workbook table match the code."""

from __future__ import annotations

import re

from conftest import ROOT

import cli
from graph.analysis.query import catalogue
from graph.schema import load_schema

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented():
    for name in cli.main.commands:
        assert f"`{name}" in README, name


def test_every_analysis_is_documented():
    for info in catalogue():
        assert f"`{info.name}`" in README, info.name


def test_workbook_table_lists_every_sheet_and_header():
    for sheet in load_schema().sheets:
        row = next(
            line for line in README.splitlines() if line.startswith(f"| {sheet.key} ({sheet.name_de}) |")
        )
        for col in sheet.columns:
            assert re.search(rf"\b{re.escape(col.key)}\b", row), (sheet.key, col.key)
            assert col.header_de in row or col.header_de.lower() == col.key.lower(), (
                sheet.key,
                col.header_de,
            )


def test_set_up_is_two_commands_and_ci_runs_the_readme_test_command():
    block = README.split("## Set up and run", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert len(commands) == 2
    assert commands[0].endswith("sozialgraph demo")
    ci = (ROOT / ".ci" / "run").read_text()
    assert commands[1] in ci
