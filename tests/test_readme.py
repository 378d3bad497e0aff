"""The README is a front door: short, and every path it names is there in a fresh clone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
TOP = (
    "pipeline",
    "presentation",
    "publish",
    "ui",
    "views",
    "cli",
    "tests",
    "bench",
    "deploy",
    "docs",
    "data",
    "devtools",
)


def test_the_readme_is_short_enough_to_read_as_a_front_door():
    assert len(README.splitlines()) <= 160


def test_every_path_the_readme_names_exists():
    named = set(re.findall(r"`((?:%s)/[\w./-]*|[\w-]+\.(?:py|txt|md|toml))`" % "|".join(TOP), README))
    # A folder path must be there as written; a bare file name (`clock.py`) somewhere in the tree.
    missing = sorted(p for p in named if not (ROOT / p).exists() and ("/" in p or not any(ROOT.rglob(p))))
    assert named and missing == []


def test_the_two_commands_make_a_virtual_environment_and_say_where_to_look():
    commands = re.search(r"```bash\n(.*?)```", README, re.S).group(1)
    assert commands.count("python3 -m venv .venv") == 2 and "http://localhost:8501" in commands
    assert "streamlit run dashboard.py" in commands and "python -m pytest" in commands
    assert "requirements-dev.txt" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_ci_runs_the_readmes_test_command_then_the_load_tests_it_leaves_out():
    commands = re.search(r"```bash\n(.*?)```", README, re.S).group(1)
    suite = re.search(r"python -m pytest (.+)$", commands, re.M).group(1).strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"python3 -m pytest -q {suite}" in ci
    assert suite.endswith('-m "not load"') and "python3 -m pytest -q -m load" in ci
