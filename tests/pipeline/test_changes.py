"""What changed since the last update, on two real builds: the bundled extracts, then the same files with
one given a new period (Ofcom's gigabit figures for Jul 2026) and one a revised value (Stockport's EV
chargers for Jan 2026). The expectations are worked out from those edits, not from pipeline/store/changes.py."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from pipeline.store import changes, releases
from pipeline.build.database import build
from cli.commands import main
from pipeline.registry import load_registry
from presentation import changes_text

HISTORY = "ons_els_ofcom_connectivity_timeseries_compiled.csv"
SMART = "ons_els_smart_city_indicators_stockport_england.csv"
DAY = date(2026, 12, 5)
# Stockport 93.0 against GM's 95.2: 2.2 points behind, beyond any tolerance, where Jan 2026 was similar.
NEW_PERIOD = {
    "E08000007": ("Stockport", 93.0),
    "E47000001": ("Greater Manchester", 95.2),
    "E92000001": ("England", 90.0),
}


def new_release_and_revision(raw: Path) -> None:
    rows = "".join(
        f"gigabit_capable_broadband_pct_premises,{code},{name},2026-07-01,{value},%,"
        f"gigabit-capable-broadband/gigabit-capable-broadband.csv,{'ab' * 20},2026-11-30\n"
        for code, (name, value) in NEW_PERIOD.items()
    )
    (raw / HISTORY).write_text((raw / HISTORY).read_text(encoding="utf-8") + rows, encoding="utf-8")
    text = (raw / SMART).read_text(encoding="utf-8")
    assert (
        text.count("Stockport,Local Authority District,Public electric vehicle chargers,2026-01-01,110.22311131876194,")
        == 1
    )
    (raw / SMART).write_text(
        text.replace(
            "Public electric vehicle chargers,2026-01-01,110.22311131876194,",
            "Public electric vehicle chargers,2026-01-01,111.5,",
        ),
        encoding="utf-8",
    )


# One worker for the module under xdist, so its two builds below are made once, not once a worker.
pytestmark = pytest.mark.xdist_group(__name__)


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory, raw_dir):
    import shutil

    folder = tmp_path_factory.mktemp("changes")
    live = folder / "live.duckdb"
    build(live, raw_dir, progress=lambda _: None)
    raw = folder / "raw"
    shutil.copytree(raw_dir, raw)
    for f in raw.iterdir():
        f.chmod(0o644)
    new_release_and_revision(raw)
    build(live, raw, progress=lambda _: None)
    return live, raw


@pytest.mark.slow
def test_the_first_build_says_so_rather_than_inventing_a_change(tmp_path, raw_dir):
    live = tmp_path / "live.duckdb"
    build(live, raw_dir, progress=lambda _: None)
    first = changes.since_last_update(live, "internal", load_registry(), DAY)
    assert first.first and first.empty
    assert changes_text.summary(first).startswith("This is the first data build")
    build(live, raw_dir, progress=lambda _: None)  # the same files again: nothing to compare with still
    assert changes.since_last_update(live, "internal", load_registry(), DAY).first


@pytest.mark.slow
def test_a_new_period_a_revision_and_the_verdict_they_change_are_each_listed(two_builds):
    live, _ = two_builds
    digest = changes.since_last_update(live, "internal", load_registry(), DAY)
    assert not digest.first and digest.since_build == releases.builds(live)[0].stem
    assert [(r.indicator_id, r.periods, r.previous_latest) for r in digest.releases] == [
        ("gigabit_broadband", ("Jul 2026",), "Jan 2026")
    ]
    assert [(r.indicator_id, r.area_name, r.period_label, round(r.old, 2), r.new) for r in digest.revisions] == [
        ("ev_chargers_per_100k", "Stockport", "Jan 2026", 110.22, 111.5)
    ]
    assert "ONS Explore Local Statistics" in digest.revisions[0].release  # names where the new value came from
    verdicts = {(v.indicator_id, v.aspect): (v.old, v.new) for v in digest.verdicts}
    assert verdicts[("gigabit_broadband", "against GM")] == ("similar", "worse")  # 94.9 v 93.9, then 93.0 v 95.2
    assert ("gigabit_broadband", "against England") not in verdicts  # better both times (94.9 v 88.4, 93.0 v 90.0)
    assert {i for i, _ in verdicts} == {"gigabit_broadband"}  # no other headline's figures moved
    assert digest.ranks == ()  # no ward figure changed
    built = pd.Timestamp(digest.since_built_at)  # the day the earlier build was made (the machine's, not the clock's)
    assert changes_text.summary(digest) == (
        f"Since the last update on {built:%-d %b %Y}: 1 new release, 1 revised figure, "
        f"{len(digest.verdicts)} verdicts changed"
    )


@pytest.mark.slow
def test_a_public_reader_sees_only_public_changes(two_builds):
    live, _ = two_builds
    public = changes.since_last_update(live, "public", load_registry(), DAY)
    internal_only = {i.id for i in load_registry().indicators.values() if not i.is_public}
    ids = {x.indicator_id for part in (public.releases, public.revisions, public.verdicts, public.ranks) for x in part}
    assert ids and not ids & internal_only


@pytest.mark.slow
def test_the_command_line_and_the_export_say_the_same(two_builds, tmp_path, capsys):
    live, _ = two_builds
    assert main(["changes", "--db", str(live)]) == 0
    text = capsys.readouterr().out
    assert (
        "1 new release, 1 revised figure" in text
        and "Gigabit-capable broadband: Jul 2026 (previously Jan 2026)" in text
    )
    assert "Gigabit broadband against GM: similar → worse" in text
    first = releases.builds(live)[0].stem
    assert main(["changes", "--db", str(live), "--since", first, "--json"]) == 0
    as_json = json.loads(capsys.readouterr().out)
    assert as_json["since_build"] == first and as_json["new_releases"][0]["periods"] == ["Jul 2026"]
    assert main(["changes", "--db", str(live), "--since", "no-such-build"]) == 2
    assert "no build 'no-such-build'" in capsys.readouterr().err

    from publish.export_public import export_public

    export_public(tmp_path / "site", live, today=DAY)
    exported = json.loads((tmp_path / "site" / "changes.json").read_text(encoding="utf-8"))
    assert exported["new_releases"] == as_json["new_releases"] and exported["revisions"] == as_json["revisions"]
    assert "1 new release, 1 revised figure" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
