"""The layers only point down: pipeline < presentation < publish < ui < views, with dashboard.py and the
command line (cli/) on top. Inside pipeline/ the jobs point down too: its shared base (registry, clock,
paths, errors) < rules < checks < store < ingest < build. Every import in every module is read (including
imports inside functions), so a lazy import that runs upward fails here too, and no module reaches itself
through others (no import circle)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = {"pipeline": 0, "presentation": 1, "publish": 2, "ui": 3, "views": 4, "dashboard": 4, "cli": 4}
PIPELINE_JOBS = {"rules": 1, "checks": 2, "store": 3, "ingest": 4, "build": 5}  # anything else: the base, 0
TOOLS = ("tests", "bench", "devtools")  # may import anything, except that only tests import tests


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in a file, relative imports resolved against its package."""
    package = module_name(path).split(".")[:-1] if path.name != "__init__.py" else module_name(path).split(".")
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            found.append((node.lineno, ".".join(p for p in (base, node.module or "") if p)))
    return found


def layer(module: str) -> tuple[int, int] | None:
    parts = module.split(".")
    if parts[0] not in LAYERS:
        return None
    return LAYERS[parts[0]], PIPELINE_JOBS.get(parts[1], 0) if parts[0] == "pipeline" and len(parts) > 1 else 0


def project_files() -> list[Path]:
    return [
        p
        for p in ROOT.rglob("*.py")
        if not any(
            part.startswith(".") or part in ("data", "deploy", "node_modules") for part in p.relative_to(ROOT).parts
        )
    ]


def upward_imports(files: list[Path]) -> list[str]:
    wrong = []
    for path in files:
        own = module_name(path)
        if own.split(".")[0] in TOOLS:
            continue
        for line, target in imported(path):
            if target.split(".")[0] in TOOLS:
                wrong.append(f"{own}:{line} imports {target} (tests and tools are not part of the product)")
            elif layer(own) is not None and layer(target) is not None and layer(target) > layer(own):
                wrong.append(f"{own}:{line} imports {target}, a layer above it")
    return wrong


def test_no_module_imports_a_layer_above_its_own():
    assert upward_imports(project_files()) == []


def test_only_tests_import_tests():
    wrong = [
        f"{module_name(p)}:{line} imports {target}"
        for p in project_files()
        if module_name(p).split(".")[0] in ("bench", "devtools")
        for line, target in imported(p)
        if target.split(".")[0] == "tests"
    ]
    assert wrong == []


def _targets(path: Path) -> set[str]:
    """What a file imports, counting `from package import module` as an import of that module."""
    found = set()
    for _, target in imported(path):
        found.add(target)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            package = module_name(path).split(".")[:-1]
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def import_circles(files: list[Path]) -> list[list[str]]:
    """Every circle of imports among the product's modules (an import of a package counts as one of its
    __init__), each as the modules in order, found by a depth-first walk."""
    known = {module_name(p).removesuffix(".__init__"): p for p in files if module_name(p).split(".")[0] not in TOOLS}
    edges = {m: sorted({t for t in _targets(p) if t in known and t != m}) for m, p in known.items()}
    circles, done, path = [], set(), []

    def walk(m: str) -> None:
        if m in path:
            circles.append(path[path.index(m) :] + [m])
            return
        if m in done:
            return
        path.append(m)
        for t in edges[m]:
            walk(t)
        path.pop()
        done.add(m)

    for m in sorted(known):
        walk(m)
    return circles


def test_no_import_circle():
    assert import_circles(project_files()) == []


def test_the_build_does_not_read_through_the_query_layer():
    # The query layer reads a built database; the build must not depend on it.
    assert not [
        t for p in (ROOT / "pipeline" / "build").rglob("*.py") for _, t in imported(p) if t == "pipeline.store.queries"
    ]


def test_presentation_and_publish_run_without_streamlit():
    wrong = [
        f"{module_name(p)}:{line}"
        for p in project_files()
        if module_name(p).split(".")[0] in ("pipeline", "presentation", "publish")
        for line, target in imported(p)
        if target.split(".")[0] in ("streamlit", "pydeck")
    ]
    assert wrong == []


@pytest.mark.parametrize(
    "source, package, expected",
    [
        ("from ui.charts import fmt\n", "pipeline", ["pipeline.probe:1 imports ui.charts, a layer above it"]),
        (
            "def f():\n    from publish import ward_report\n",
            "presentation",
            ["presentation.probe:2 imports publish, a layer above it"],
        ),
        ("import views.overview as page\n", "ui.inner", ["ui.inner.probe:1 imports views.overview, a layer above it"]),
        (
            "from tests.e2e import conftest\n",
            "pipeline",
            ["pipeline.probe:1 imports tests.e2e (tests and tools are not part of the product)"],
        ),
        (
            "from ..wording import fmt\nfrom pipeline import paths\n",
            "presentation.inner",
            [],
        ),  # its own layer, and below
        (
            "from pipeline.build.database import build\n",
            "pipeline.store",
            ["pipeline.store.probe:1 imports pipeline.build.database, a layer above it"],
        ),  # inside the pipeline too
        ("from pipeline.store.queries import Database\n", "pipeline.build", []),
    ],
)
def test_an_upward_import_is_caught_wherever_it_is_written(tmp_path, monkeypatch, source, package, expected):
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    folder = tmp_path.joinpath(*package.split("."))
    folder.mkdir(parents=True)
    probe = folder / "probe.py"
    probe.write_text(source, encoding="utf-8")
    assert upward_imports([probe]) == expected
