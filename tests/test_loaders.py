"""A figure's path can be followed by a reader and a tool: page -> a named loader in ui/data.py (one def
each) -> a query-layer method (pipeline/store/queries.py `Database.xxx`) -> its SQL, each a direct call. A loader
that dispatched by name again (`getattr(db, method)`) fails here, as does one that calls no query at all."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from pipeline.store.queries import Database
from ui import data

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "ui" / "data.py"
READER = Database(ROOT / "never-opened.duckdb")  # a reader's attributes (its path too); opening needs a query


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def loaders() -> dict[str, ast.FunctionDef]:
    """ui/data.py's functions marked @loader, by name."""
    return {
        node.name: node
        for node in parsed(DATA).body
        if isinstance(node, ast.FunctionDef)
        and any(isinstance(d, ast.Name) and d.id == "loader" for d in node.decorator_list)
    }


def database_reads(node: ast.AST) -> list[str]:
    """The names read from `database()` in a function: `database().series(...)` -> "series"."""
    return [
        n.attr
        for n in ast.walk(node)
        if isinstance(n, ast.Attribute)
        and isinstance(n.value, ast.Call)
        and isinstance(n.value.func, ast.Name)
        and n.value.func.id == "database"
    ]


def test_no_page_or_loader_looks_an_attribute_up_by_a_name_made_at_run_time():
    # ui/cache.py copies whatever dataclass it keeps field by field; it reads no build.
    files = [p for p in sorted([*(ROOT / "ui").glob("*.py"), *(ROOT / "views").glob("*.py")]) if p.name != "cache.py"]
    found = [
        f"{path.relative_to(ROOT)}:{n.lineno}"
        for path in files
        for n in ast.walk(parsed(path))
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Name)
        and n.func.id in ("getattr", "methodcaller")
        and not (len(n.args) > 1 and isinstance(n.args[1], ast.Constant))
    ]
    assert found == [], "call a query method by its name (database().series(...)), not getattr(db, name)"


def test_the_page_loaders_are_one_def_each_and_each_is_cached():
    found = loaders()
    assert len(found) >= 25  # the query reads and the rules pages call
    for name in found:
        assert inspect.unwrap(getattr(data, name)).__name__ == name  # its own name, not a shared dispatcher


@pytest.mark.parametrize("name", sorted(loaders()))
def test_every_loader_calls_a_query_method_that_exists_or_a_rule_given_the_build(name):
    node = loaders()[name]
    reads = database_reads(node)
    for attribute in reads:
        assert hasattr(READER, attribute), f"{name} reads Database.{attribute}, which does not exist"
    given = [
        n
        for n in ast.walk(node)
        if isinstance(n, ast.Call)
        and any(isinstance(a, ast.Call) and isinstance(a.func, ast.Name) and a.func.id == "database" for a in n.args)
    ]
    other_loaders = [
        n.func.id
        for n in ast.walk(node)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in loaders()
    ]
    assert reads or given or other_loaders, f"{name} reads nothing from the build it is cached on"
    called = {n.func.attr for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
    for attribute in reads:  # a method read is a call, database().series(...), not handed on to be called later
        assert not callable(getattr(READER, attribute)) or attribute in called, (
            f"{name} names Database.{attribute} uncalled"
        )


def test_every_loader_a_page_names_exists():
    """`data.xxx` on a page or in ui/: a renamed loader fails here rather than on the page at run time."""
    files = sorted([*(ROOT / "views").glob("*.py"), *(ROOT / "ui").glob("*.py"), ROOT / "dashboard.py"])
    missing = [
        f"{path.relative_to(ROOT)}:{n.lineno} data.{n.attr}"
        for path in files
        for n in ast.walk(parsed(path))
        if isinstance(n, ast.Attribute)
        and isinstance(n.value, ast.Name)
        and n.value.id == "data"
        and not hasattr(data, n.attr)
    ]
    assert missing == []
