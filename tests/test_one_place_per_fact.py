"""One place per fact: area codes and groups, audiences and the inclusion register's measures are
defined once (the registry, or the module that owns them) and read from there everywhere else."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from pipeline.registry import STOCKPORT, load_registry, parse_registry, REGISTRY_PATH

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ["pipeline", "presentation", "publish", "ui", "views", "cli"]
AREA_CODE = re.compile(r"\b[EKSWN]\d{8}\b")


def product_strings() -> list[tuple[str, int, str]]:
    """(file, line, text) of every string constant in the product's code (docstrings included)."""
    found = []
    for path in [p for folder in PRODUCT for p in (ROOT / folder).rglob("*.py")] + [ROOT / "dashboard.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append((str(path.relative_to(ROOT)), node.lineno, node.value))
    return found


def test_stockport_is_compared_with_the_areas_that_contain_it_up_to_england():
    assert load_registry().areas_containing(STOCKPORT) == [STOCKPORT, "E47000001", "E12000002", "E92000001"]


def test_greater_manchesters_districts_are_the_registry_areas_that_share_stockports_parent():
    text = REGISTRY_PATH.read_text(encoding="utf-8").replace(
        '[[comparator]]\ncode = "E47000001"',
        '[[comparator]]\ncode = "E08000099"\nname = "Newtown"\ntype = "lad"\nparent = "E47000001"\n'
        '[[comparator]]\ncode = "E47000001"',
        1,
    )
    districts = parse_registry(text).districts_beside(STOCKPORT)
    assert districts[:10] == [f"E080000{n:02d}" for n in range(1, 11)] and districts[10:] == ["E08000099"]


def test_no_area_code_is_written_in_code_outside_the_registry_except_stockports_own_name():
    written = [
        f"{f}:{line} {text[:60]!r}"
        for f, line, text in product_strings()
        if AREA_CODE.search(text) and (f, text) != ("pipeline/registry.py", STOCKPORT) and "e.g." not in text
    ]
    assert written == []


@pytest.mark.parametrize(
    "fact",
    [
        ("public", "internal"),
        [
            "inclusion_residents_supported",
            "inclusion_sessions_delivered",
            "inclusion_devices_lent",
            "inclusion_sims_gifted",
            "inclusion_champions_active",
        ],
    ],
)
def test_a_list_of_facts_is_written_out_once(fact):
    places = []
    for path in [p for folder in PRODUCT for p in (ROOT / folder).rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, (ast.Tuple, ast.List))
                and all(isinstance(e, ast.Constant) for e in node.elts)
                and [e.value for e in node.elts] == list(fact)
            ):
                places.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert len(places) <= 1, places


HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\b|#[0-9A-Fa-f]{3}\b")


def test_every_colour_is_typed_once_in_the_theme_and_templates_read_it_from_there():
    templates = [
        (str(p.relative_to(ROOT)), 0, p.read_text(encoding="utf-8"))
        for p in (ROOT / "presentation" / "templates").iterdir()
    ]
    typed = [
        (f, line, colour)
        for f, line, text in product_strings() + templates
        for colour in HEX_COLOUR.findall(text)
        if f != "presentation/theme.py"
    ]
    assert typed == []
    theme = [c.upper() for c in HEX_COLOUR.findall((ROOT / "presentation" / "theme.py").read_text(encoding="utf-8"))]
    assert len(theme) == len(set(theme)), "a colour is defined twice in the theme"
