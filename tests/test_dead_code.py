"""No dead code left behind: every public function and method in the product is called (or imported)
somewhere besides its own definition, by the product or by a test."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("pipeline", "presentation", "publish", "ui")
# Run by a framework, not by name in our code.
CALLED_BY_FRAMEWORKS = {"main"}


def python_files(*folders: str) -> list[Path]:
    return [p for folder in folders for p in (ROOT / folder).rglob("*.py")] + [ROOT / "dashboard.py"]


def names_used(tree: ast.AST) -> set[str]:
    """Names read as code: bare names, attributes, imported names and queries called by name (a word
    in SQL or other text is not a use)."""
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            used.add(node.id)
        elif isinstance(node, ast.Attribute):
            used.add(node.attr)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            used |= {alias.name.split(".")[-1] for alias in node.names}
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Attribute, ast.Name))
            and getattr(node.func, "attr", getattr(node.func, "id", "")).lstrip("_") == "call"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            used.add(node.args[0].value)  # a query run by name through ui.data._call("ward_gaps", ...)
    return used


def unused_definitions(defining: list[Path], reading: list[Path]) -> list[str]:
    used = set().union(*(names_used(ast.parse(p.read_text(encoding="utf-8"))) for p in reading))
    unused = []
    for path in defining:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                and not node.name.startswith("_")
                and node.name not in used
                and node.name not in CALLED_BY_FRAMEWORKS
            ):
                unused.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    return unused


def test_every_public_function_and_method_is_used_somewhere():
    product = [p for p in python_files(*PRODUCT) if p.name != "dashboard.py"]
    everything = python_files(*PRODUCT, "views", "cli", "tests", "bench", "devtools")
    assert unused_definitions(product, everything) == []


def test_a_function_named_only_in_sql_or_text_counts_as_unused(tmp_path, monkeypatch):
    import sys

    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    module = tmp_path / "queries.py"
    module.write_text(
        'def build_log():\n    return "select * from build_log"\n\n\ndef used():\n    return build_log\n',
        encoding="utf-8",
    )
    caller = tmp_path / "page.py"
    caller.write_text("from queries import used\nused()\n", encoding="utf-8")
    assert unused_definitions([module], [module, caller]) == []  # build_log is read by `used`
    module.write_text('def build_log():\n    return "select * from build_log"\n', encoding="utf-8")
    assert unused_definitions([module], [module]) == ["queries.py:1 build_log"]
