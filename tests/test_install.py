"""The installed command works from any directory and finds its ontology and example."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path


def installed_command() -> str:
    """The ``sozialgraph`` script of the running environment (``pip install .`` puts it there)."""
    script = Path(sys.executable).parent / "sozialgraph"
    found = str(script) if script.exists() else shutil.which("sozialgraph")
    assert found, "sozialgraph is not installed in this environment: run pip install '.[test]' first"
    return found


def test_installed_command_runs_from_another_directory(tmp_path):
    result = subprocess.run(
        [installed_command(), "stats", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    assert (counts["actors"], counts["themes"], counts["plans"]) == (19, 21, 12)
    assert list(tmp_path.iterdir()) == []


def test_help_answers_without_loading_anything(tmp_path):
    result = subprocess.run([installed_command(), "--help"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0
    assert "sozialgraph demo" in result.stdout
