"""Cached data functions for the pages. Each script run is pinned to one immutable build, and
cache keys include that build and the audience, so a rebuild during a run never mixes two builds
and a different audience never serves restricted results."""
from __future__ import annotations

import copy
import os
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from pipeline.store import changes as build_changes
from pipeline import clock, paths
from pipeline.rules import judgement, risk_index, similar
from pipeline.registry import load_registry
from pipeline.store.queries import Database
from pipeline.store.schema import SCHEMA_VERSION

from . import reuse
from .access import server_audience


EMBED_KEY = "_embed"


def begin_run(embed: bool) -> None:
    """Called by dashboard.py each run with whether the page st.navigation chose is the embed page.
    Set every run, so a session that opened an embed and then another page is judged afresh."""
    st.session_state[EMBED_KEY] = embed


def audience() -> str:
    """What this run shows: never more than the server may show; an embed, or a run that did not
    go through dashboard.py (no flag set), is public."""
    if st.session_state.get(EMBED_KEY, True):
        return "public"
    return server_audience()


@st.cache_resource
def _ensure_database(path: str) -> str:
    """First start on a fresh machine, or after an update changed the marts: build the database
    (from fetched official files when present, else the bundled official extracts)."""
    db = Database(path, audience="public")  # reads no figures: only whether a current build exists
    if not db.exists() or not db.is_current():
        from pipeline.build.database import build
        raw = paths.fetched_raw_dir()
        # Said in the terminal: the first page waits for this, and nothing else says why.
        print(f"One Stockport: {'building' if not db.exists() else 'rebuilding (the pipeline changed)'} the database "
              f"{db.path} from {'the fetched files in ' + str(raw) if raw else 'the bundled official extracts'}; "
              "the first page opens when it is done (a few seconds)", flush=True)
        report = build(db.path, raw, progress=lambda line: None)
        print(f"One Stockport: database built ({report.build_id}); serving", flush=True)
    return path


PIN, PIN_VERSION = "_build_pin", "_build_pin_version"


def builds_on_start() -> bool:
    """A replica in a scaled-out deployment only reads: a separate build job publishes the builds
    (ONE_STOCKPORT_BUILD_ON_START=0), so N replicas never build at once."""
    return os.environ.get("ONE_STOCKPORT_BUILD_ON_START", "1") != "0"


def pin_build() -> None:
    """Called first in every script run: every query of this run reads the build live now."""
    path = paths.database_path()
    if builds_on_start():
        path = Path(_ensure_database(str(path)))
    else:
        reader = Database(path, audience="public")
        if not reader.exists():
            st.error(f"No data build has been published at {path} yet. This server only reads builds; "
                     "run the build job (`python -m cli build`).", icon=":material/hourglass_empty:")
            st.stop()
        if not reader.is_current():
            st.error("The published data build was made by a different version of the pipeline than this "
                     f"server's (schema {SCHEMA_VERSION} expected). Publish a build for this version "
                     "(see deploy/README.md, 'Rolling out').", icon=":material/sync_problem:")
            st.stop()
    live = Database(path, audience="public").pinned()  # only its resolved path and version are kept
    st.session_state[PIN] = str(live.path)
    st.session_state[PIN_VERSION] = live.version()  # read once a run: every cache key asks for it


def database(ceiling: str | None = None, day: date | None = None) -> Database:
    """The build this run is pinned to, read with this run's audience as the most it may ever return, as
    on `day` (the day a cached result is keyed on, so a result and its key never straddle midnight)."""
    pinned = st.session_state.get(PIN)
    if pinned is None:
        pin_build()
        pinned = st.session_state[PIN]
    return Database(pinned, audience=ceiling or audience(), today=day)


def version() -> tuple:
    """The pinned build's version (the key of every cache), as read when this run pinned it."""
    pinned = st.session_state.get(PIN_VERSION)
    if pinned is None or st.session_state.get(PIN) is None:
        pin_build()
        pinned = st.session_state[PIN_VERSION]
    return pinned


# Query results shared by every session. Not st.cache_data: that hashes its arguments and unpickles
# a copy on every call, about a millisecond a query at dozens of queries a run (issue 18); here the
# key is a plain tuple and the copy a frame's own (pages may add columns to what they are given).
RESULTS = reuse.Shelf(max_entries=256)


def _cached(method: str, version: tuple, ceiling: str, day: date, *args):
    key = (method, version, ceiling, day, *(tuple(a) if isinstance(a, list) else a for a in args))
    result = RESULTS.get(key, lambda: getattr(database(ceiling, day), method)(*args))
    return result.copy() if isinstance(result, pd.DataFrame) else copy.deepcopy(result)


# What pages make from the data alone (a chart's pieces, its SVG), made once per build, audience and day
# and shared read-only by every session: keyed on those and plain arguments, so a warm run hashes no
# frame or figure to find it (content digests took a fifth of a warm run on the connectivity page).
BUILT = reuse.Shelf(max_entries=256)


def per_build(maker, *args):
    """maker(*args), once per build, audience and day; the result is shared, so callers only read it.
    For a maker whose result follows from what this run's audience may read of its build, the day and
    its hashable arguments (a theme, a ward, a key) alone."""
    # A page's own function's module is "__main__" on every page: its file tells two pages' makers apart.
    where = (maker.__module__, getattr(getattr(maker, "__code__", None), "co_filename", None), maker.__qualname__)
    key = (*where, version(), audience(), clock.today(), *args)
    return BUILT.get(key, lambda: maker(*args))


def _call(method: str, *args) -> pd.DataFrame | dict:
    """Run a query-layer method through the cache, keyed on the current build, this run's audience
    (the most the query may return) and the day (freshness flags change when a release date passes)."""
    return _cached(method, version(), audience(), clock.today(), *args)


# -- named queries: one per query-layer read, so a page reads data.series(...), typed and visible
#    to an editor; each returns at most what this run's audience may see.

def build_info() -> dict[str, str]:
    return _call("build_info")


def sources() -> pd.DataFrame:
    return _call("sources")


def indicators(aud: str | None = None) -> pd.DataFrame:
    return _call("indicators", aud or audience())


def wards() -> pd.DataFrame:
    return _call("wards")


def area_shapes(area_type: str) -> pd.DataFrame:
    return _call("area_shapes", area_type)


def latest_values(indicator: str, area_type: str) -> pd.DataFrame:
    return _call("latest_values", indicator, area_type, audience())


def ward_recent_totals(indicator: str, months: int = 12) -> pd.DataFrame:
    return _call("ward_recent_totals", indicator, months, audience())


def series(indicator: str, area_codes: list[str]) -> pd.DataFrame:
    return _call("series", indicator, list(area_codes), audience())


def trend(indicator: str, area_codes: list[str]) -> pd.DataFrame:
    return _call("trend", indicator, list(area_codes), audience())


def headline(area_code: str) -> pd.DataFrame:
    return _call("headline", area_code, audience())


def ward_profile(ward_code: str) -> pd.DataFrame:
    return _call("ward_profile", ward_code, audience())


def ward_gaps(indicator: str) -> pd.DataFrame:
    return _call("ward_gaps", indicator, audience())


def freshness() -> pd.DataFrame:
    return _call("freshness", audience())


def targets(indicator: str | None = None) -> pd.DataFrame:
    return _call("targets", indicator, audience())


def risk_inputs() -> pd.DataFrame:
    return _call("risk_inputs", audience())


def age_bands(area_code: str) -> pd.DataFrame:
    return _call("age_bands", area_code)


def projects(ward_code: str | None = None) -> pd.DataFrame:
    return _call("projects", ward_code)


def facts(project_prefix: str | None = None) -> pd.DataFrame:
    return _call("facts", project_prefix)


def deprivation_ranks() -> pd.DataFrame:
    return _call("deprivation_ranks")


def changes() -> build_changes.Changes:
    """What changed since the last update (this run's build against the one before it), once per build,
    audience and day."""
    return per_build(_changes_of, str(database().path))


def _changes_of(build: str) -> build_changes.Changes:
    return build_changes.since_last_update(Path(build), audience(), load_registry(), clock.today())


def judgements(indicators: tuple[str, ...], area: str) -> dict[str, judgement.Judgement]:
    """Each indicator judged for the area by the registry's rules (pipeline/rules/judgement.py)."""
    return _judged(version(), audience(), clock.today(), tuple(indicators), area)


# Judged once per build, audience, day and area rather than on every rerun of every session: the
# figures come from the query cache, but the benchmarks, trends and targets were recomputed each run.
@st.cache_data(show_spinner=False, max_entries=64)
def _judged(version: tuple, ceiling: str, day: date, indicators: tuple[str, ...], area: str) -> dict:
    return judgement.assess_build(load_registry(), database(ceiling, day), list(indicators), day, area)


def similar_councils(indicators: tuple[str, ...], area: str,
                     group: str = similar.SIMILAR_COUNCILS) -> dict[str, similar.GroupStanding]:
    """Each indicator's standing for the area among its similar councils (pipeline/rules/similar.py): the
    members' median, judged as every benchmark is, and the area's place among them."""
    registry = load_registry()
    rows = _call("group_standing", list(indicators), area, list(similar.members(registry, group).members), audience())
    return similar.standings(registry, rows, group)


def risk_score(weights: dict[str, float] | None = None) -> risk_index.RiskResult:
    """The exclusion risk index of this run's neighbourhood figures with these weights (the
    registry's when None), scored once per build, audience, day and weights, not on every rerun."""
    return _scored(version(), audience(), clock.today(), None if weights is None else tuple(sorted(weights.items())))


@st.cache_data(show_spinner=False, max_entries=64)
def _scored(version: tuple, ceiling: str, day: date, weights: tuple | None) -> risk_index.RiskResult:
    inputs = _cached("risk_inputs", version, ceiling, day, ceiling)
    return risk_index.score(inputs, load_registry().risk, None if weights is None else dict(weights))


def far_wards(indicators: tuple[str, ...]) -> dict[str, list[judgement.FarWard]]:
    """Per ward-level indicator, the wards far from the borough in the direction of concern."""
    return _far(version(), audience(), clock.today(), tuple(indicators))


# Found once per build, audience and day, like the judgements: the overview asked on every rerun.
@st.cache_data(show_spinner=False, max_entries=64)
def _far(version: tuple, ceiling: str, day: date, indicators: tuple[str, ...]) -> dict:
    registry = load_registry()
    return {i: judgement.far_wards(_cached("ward_gaps", version, ceiling, day, i, ceiling), registry.indicators[i],
                                   registry.judgement)
            for i in indicators if "ward" in registry.indicators[i].geographies}


def ward_reach(months: int = 12) -> pd.DataFrame:
    return _call("ward_reach", months, audience())


def ward_context() -> pd.DataFrame:
    return _call("ward_context", audience())


def similar_wards(ward_code: str, n: int = 3) -> pd.DataFrame:
    return _call("similar_wards", ward_code, n, audience())


def indicator_meta(indicator_id: str, aud: str | None = None) -> dict | None:
    df = indicators(aud)
    rows = df[df.id == indicator_id]
    return rows.iloc[0].to_dict() if len(rows) else None


def ward_report_maker(ward: str):
    """A function that makes this ward's print-ready A4 report for what this session may see, from
    the build this run is pinned to. Streamlit calls it on another thread when the button is
    clicked, where the session state is out of reach, so it carries what it needs."""
    from publish.ward_report import ward_report_html
    pinned, aud = database(), audience()
    return lambda: ward_report_html(pinned, ward, aud).encode("utf-8")
