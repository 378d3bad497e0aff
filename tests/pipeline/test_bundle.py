"""The bundled default is the official files themselves, described by a manifest; pin-default replaces it."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from pipeline import paths
from pipeline.build.database import plan_inputs
from pipeline.build.pin import pin_default
from pipeline.ingest.bundle import describe_files, official_sources
from pipeline.errors import InputError
from pipeline.registry import load_registry

ROOT = Path(__file__).resolve().parents[2]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tree(folder: Path) -> dict[str, str]:
    return {p.name: _sha(p) for p in sorted(folder.iterdir())}


def test_bundle_holds_exactly_the_official_files_the_registry_reads_and_nothing_derived(raw_dir):
    files = {s.file for s in official_sources(load_registry())}
    assert {p.name for p in raw_dir.iterdir()} == files | {"SOURCES.md", "manifest.json"}
    assert sum(p.stat().st_size for p in raw_dir.iterdir()) < 3_000_000


def test_manifest_gives_each_file_its_checksum_vintage_licence_and_attribution(raw_dir):
    manifest = json.loads((raw_dir / "manifest.json").read_text(encoding="utf-8"))
    sources = {s.file: s for s in official_sources(load_registry())}
    assert set(manifest) == set(sources)
    for name, entry in manifest.items():
        source = sources[name]
        assert entry["sha256"] == _sha(raw_dir / name) and entry["bytes"] == (raw_dir / name).stat().st_size, name
        assert entry["source_id"] == source.id and entry["vintage"] == source.vintage
        assert entry["licence"] == source.licence.name and entry["attribution"] == source.licence.attribution
        assert entry["retrieved_at"]
    attributions = {e["attribution"] for e in manifest.values()}
    assert any("Office for National Statistics" in a for a in attributions)
    assert any(a.startswith("mySociety") and "CC BY 4.0" in a for a in attributions)


def test_a_build_with_no_folder_reads_the_bundled_official_files(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data", data_dir, ignore=shutil.ignore_patterns("*.duckdb*", "*.builds", "raw", ".*"))
    mode, inputs = plan_inputs(load_registry(), None, data_dir)
    assert mode == "bundled"
    official = [i for i in inputs if not i.source.bundled]
    assert {i.path.parent for i in official} == {paths.default_dir(data_dir)}
    assert {i.adapter for i in official} >= {"ons_boundaries", "ons_lookups", "ons_els", "ofcom_history", "gm_deri"}


@pytest.mark.parametrize(
    "info, words",
    [
        ({"mode": "bundled", "retrieved_at": "2026-11-26"}, "bundled official extracts (retrieved 2026-11-26)"),
        (
            {"mode": "fetched", "raw_dir": "/srv/data/raw", "retrieved_at": "2026-12-01"},
            "fetched files in raw/ (retrieved 2026-12-01)",
        ),
    ],
)
def test_the_caption_says_which_files_a_build_read(info, words):
    assert describe_files(info) == words


@pytest.fixture()
def data_dir(tmp_path, raw_dir) -> Path:
    """A data folder with the bundle and the project's registers, as a checkout has."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder, ignore=shutil.ignore_patterns("*.duckdb*", "*.builds", "raw", ".*"))
    return folder


@pytest.mark.slow
def test_pin_default_copies_a_checked_fetched_set_with_a_fresh_manifest(data_dir, raw_copy):
    fetched = json.loads((raw_copy / "manifest.json").read_text())
    for entry in fetched.values():
        entry.update(retrieved_at="2026-12-01", url="https://mirror.example/" + entry["source_id"])
    (raw_copy / "manifest.json").write_text(json.dumps(fetched))
    (raw_copy / "SOURCES.md").unlink()  # fetch does not write one: the bundle keeps its own
    pin_default(raw_copy, data_dir, progress=lambda _: None)
    bundle = paths.default_dir(data_dir)
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert {n: _sha(bundle / n) for n in manifest} == {n: _sha(raw_copy / n) for n in manifest}
    assert {e["retrieved_at"] for e in manifest.values()} == {"2026-12-01"}
    assert manifest["stockport_wards_2023_bgc.geojson"]["url"] == "https://mirror.example/ons_wards_2023"
    assert (bundle / "SOURCES.md").read_bytes() == (ROOT / "data/default/SOURCES.md").read_bytes()
    assert not [p for p in data_dir.iterdir() if p.name.startswith(".default-")]  # no half-made bundle left


@pytest.mark.parametrize(
    "name, old, new",
    [
        ("ons_els_ofcom_connectivity_stockport_gm_comparators.csv", ",94.9,", ",194.9,"),
        ("stockport_lsoa21_to_ward25_best_fit_lookup.csv", "E05015014,Bramhall North", "E05099999,Bramhall North"),
    ],
)
def test_pin_default_refuses_a_bad_set_and_leaves_the_bundle_as_it_was(data_dir, raw_copy, name, old, new):
    text = (raw_copy / name).read_text(encoding="utf-8")
    assert old in text
    (raw_copy / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    before = _tree(paths.default_dir(data_dir))
    with pytest.raises(InputError, match=name):
        pin_default(raw_copy, data_dir, progress=lambda _: None)
    assert _tree(paths.default_dir(data_dir)) == before
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith(".default-")) == []


def test_pin_default_refuses_a_file_changed_since_it_was_fetched(data_dir, raw_copy):
    from pipeline.errors import BuildError

    path = raw_copy / "stockport_iod2025_lad_summary.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))  # still valid, but not what was fetched
    before = _tree(paths.default_dir(data_dir))
    with pytest.raises(BuildError, match="changed since it was fetched"):
        pin_default(raw_copy, data_dir, progress=lambda _: None)
    assert _tree(paths.default_dir(data_dir)) == before


@pytest.mark.parametrize(
    "damage, words",
    [
        (
            lambda folder: (folder / "stockport_iod2025_lad_summary.csv").write_bytes(
                (folder / "stockport_iod2025_lad_summary.csv").read_bytes().replace(b"\n", b"\r\n")
            ),
            "does not match",
        ),
        (
            lambda folder: (folder / "manifest.json").write_text(
                json.dumps(
                    {
                        k: v
                        for k, v in json.loads((folder / "manifest.json").read_text()).items()
                        if k != "stockport_iod2025_lad_summary.csv"
                    }
                )
            ),
            "not in",
        ),
    ],
)
@pytest.mark.slow
def test_a_hand_edited_bundle_is_refused_and_the_live_database_kept(data_dir, tmp_path, damage, words):
    from pipeline.build.database import build
    from pipeline.errors import BuildError

    db = tmp_path / "live.duckdb"
    build(db, data_dir=data_dir)
    before = _sha(db)
    damage(paths.default_dir(data_dir))
    with pytest.raises(BuildError, match=f"stockport_iod2025_lad_summary.csv: {words} the bundle's manifest.json"):
        build(db, data_dir=data_dir)
    assert _sha(db) == before
