"""The pages' named loaders, and the run they read: each script run is pinned to one immutable build and
day, and every cached result (ui/cache.py) is keyed on that build, the run's audience and day, so a rebuild
during a run never mixes two builds and a different audience never serves restricted results."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import pandas as pd
import streamlit as st

from pipeline.store import changes as build_changes
from pipeline import clock, paths
from pipeline.rules import judgement, risk_index, similar
from pipeline.registry import STOCKPORT, load_registry
from pipeline.store.queries import Database
from pipeline.store.schema import SCHEMA_VERSION

from . import cache
from .access import server_audience

P, T = ParamSpec("P"), TypeVar("T")


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
        print(
            f"One Stockport: {'building' if not db.exists() else 'rebuilding (the pipeline changed)'} the database "
            f"{db.path} from {'the fetched files in ' + str(raw) if raw else 'the bundled official extracts'}; "
            "the first page opens when it is done (a few seconds)",
            flush=True,
        )
        report = build(db.path, raw, progress=lambda line: None)
        print(f"One Stockport: database built ({report.build_id}); serving", flush=True)
    return path


PIN, PIN_VERSION, PIN_DAY = "_build_pin", "_build_pin_version", "_build_pin_day"


def builds_on_start() -> bool:
    """A replica in a scaled-out deployment only reads: a separate build job publishes the builds
    (ONE_STOCKPORT_BUILD_ON_START=0), so N replicas never build at once."""
    return os.environ.get("ONE_STOCKPORT_BUILD_ON_START", "1") != "0"


def pin_build() -> None:
    """Called first in every script run: every query of this run reads the build live now, as on today."""
    path = paths.database_path()
    if builds_on_start():
        path = Path(_ensure_database(str(path)))
    else:
        reader = Database(path, audience="public")
        if not reader.exists():
            st.error(
                f"No data build has been published at {path} yet. This server only reads builds; "
                "run the build job (`python -m cli build`).",
                icon=":material/hourglass_empty:",
            )
            st.stop()
        if not reader.is_current():
            st.error(
                "The published data build was made by a different version of the pipeline than this "
                f"server's (schema {SCHEMA_VERSION} expected). Publish a build for this version "
                "(see deploy/README.md, 'Rolling out').",
                icon=":material/sync_problem:",
            )
            st.stop()
    live = Database(path, audience="public").pinned()  # only its resolved path and version are kept
    st.session_state[PIN] = str(live.path)
    st.session_state[PIN_VERSION] = live.version()  # read once a run: every cache key asks for it
    st.session_state[PIN_DAY] = clock.today()


def _pinned(name: str):
    """What pin_build kept for this run under `name` (pinned now if this run was not)."""
    if st.session_state.get(name) is None or st.session_state.get(PIN) is None:
        pin_build()
    return st.session_state[name]


def database() -> Database:
    """The build this run is pinned to, read with this run's audience as the most it may ever return, as
    on this run's day (the day its cached results are keyed on, so a result and its key never straddle midnight)."""
    return Database(_pinned(PIN), audience=audience(), today=run_day())


def version() -> tuple:
    """The pinned build's version, as read when this run pinned it."""
    return _pinned(PIN_VERSION)


def run_day() -> date:
    """The day this run reads the one clock as (freshness flags change when a release date passes)."""
    return _pinned(PIN_DAY)


def run() -> cache.Run:
    """What every cached result of this run is keyed on besides its maker and arguments."""
    return cache.Run(version(), audience(), run_day())


def per_build(maker: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """maker(*args, **kwargs), once per build, audience, day and arguments (ui/cache.py), shared by every
    session; the caller gets its own copy. For a maker whose result follows from what this run's audience
    may read of its build, the day and its arguments alone."""
    return cache.kept(run(), maker, *args, **kwargs)


def loader(read: Callable[P, T]) -> Callable[P, T]:
    """A named loader: `read`, which reads this run's build, made once per build, audience, day and
    arguments (per_build)."""

    @functools.wraps(read)
    def load(*args: P.args, **kwargs: P.kwargs) -> T:
        return per_build(read, *args, **kwargs)

    return load


# -- the named loaders: one def per read of the build, each a direct call of a query-layer method
#    (pipeline/store/queries.py, whose SQL is in named files) or a rule that reads the build, so a reader
#    follows a figure from its page to its SQL; each returns at most what this run's audience may see.


@loader
def build_info() -> dict[str, str]:
    return database().build_info()


@loader
def sources() -> pd.DataFrame:
    return database().sources()


@loader
def indicators(aud: str | None = None) -> pd.DataFrame:
    return database().indicators(aud or audience())


@loader
def wards() -> pd.DataFrame:
    return database().wards()


@loader
def area_shapes(area_type: str) -> pd.DataFrame:
    return database().area_shapes(area_type)


@loader
def latest_values(indicator: str, area_type: str) -> pd.DataFrame:
    return database().latest_values(indicator, area_type, audience())


@loader
def ward_recent_totals(indicator: str, months: int = 12) -> pd.DataFrame:
    return database().ward_recent_totals(indicator, months, audience())


@loader
def series(indicator: str, area_codes: list[str]) -> pd.DataFrame:
    return database().series(indicator, list(area_codes), audience())


@loader
def trend(indicator: str, area_codes: list[str]) -> pd.DataFrame:
    return database().trend(indicator, list(area_codes), audience())


@loader
def headline(area_code: str) -> pd.DataFrame:
    return database().headline(area_code, audience())


@loader
def ward_profile(ward_code: str) -> pd.DataFrame:
    return database().ward_profile(ward_code, audience())


@loader
def ward_gaps(indicator: str) -> pd.DataFrame:
    return database().ward_gaps(indicator, audience())


@loader
def freshness() -> pd.DataFrame:
    return database().freshness(audience())


@loader
def targets(indicator: str | None = None) -> pd.DataFrame:
    return database().targets(indicator, audience())


@loader
def risk_inputs() -> pd.DataFrame:
    return database().risk_inputs(audience())


@loader
def age_bands(area_code: str) -> pd.DataFrame:
    return database().age_bands(area_code)


@loader
def projects(ward_code: str | None = None) -> pd.DataFrame:
    return database().projects(ward_code)


@loader
def facts(project_prefix: str | None = None) -> pd.DataFrame:
    return database().facts(project_prefix)


@loader
def deprivation_ranks() -> pd.DataFrame:
    return database().deprivation_ranks()


@loader
def ward_reach(months: int = 12) -> pd.DataFrame:
    return database().ward_reach(months, audience())


@loader
def ward_context() -> pd.DataFrame:
    return database().ward_context(audience())


@loader
def similar_wards(ward_code: str, n: int = 3) -> pd.DataFrame:
    return database().similar_wards(ward_code, n, audience())


# -- loaders of the rules pages call: judged, scored or compared once per build, audience, day and
#    arguments rather than on every rerun of every session.


@loader
def changes() -> build_changes.Changes:
    """What changed since the last update (this run's build against the one before it). Each build's
    verdicts are its judgements as kept (judged_on): the build before was judged while it was live."""
    return build_changes.since_last_update(
        database().path, audience(), load_registry(), run_day(), assess=lambda _, db, i, day: judged_on(db, i, day)
    )


def judgements(indicators: tuple[str, ...], area: str) -> dict[str, judgement.Judgement]:
    """Each indicator judged for the area by the registry's rules (pipeline/rules/judgement.py)."""
    return judged_on(database(), indicators, run_day(), area)


def judged_on(
    db: Database, indicators: tuple[str, ...] | list[str], day: date, area: str = STOCKPORT
) -> dict[str, judgement.Judgement]:
    """judgements() of any build read through `db`, kept under that build's own key (build, audience, day).
    Every request is answered from one judging of the overview's headlines and whatever else it asks for,
    so the tiles, the connectivity page and the changes digest share it and no build is judged twice."""
    run_key = cache.Run(db.version(), db.audience, day)
    every = tuple(dict.fromkeys([*(i for theme in load_registry().overview.values() for i in theme), *indicators]))
    found = cache.kept(run_key, _assessed, str(db.path), db.audience, every, day, area)
    return {i: found[i] for i in indicators}


def _assessed(path: str, aud: str, indicators: tuple[str, ...], day: date, area: str) -> dict[str, judgement.Judgement]:
    return judgement.assess_build(load_registry(), Database(Path(path), aud, day), list(indicators), day, area)


@loader
def similar_councils(
    indicators: tuple[str, ...], area: str, group: str = similar.SIMILAR_COUNCILS
) -> dict[str, similar.GroupStanding]:
    """Each indicator's standing for the area among its similar councils (pipeline/rules/similar.py): the
    members' median, judged as every benchmark is, and the area's place among them."""
    registry = load_registry()
    rows = database().group_standing(list(indicators), area, list(similar.members(registry, group).members), audience())
    return similar.standings(registry, rows, group)


@loader
def risk_score(weights: dict[str, float] | None = None) -> risk_index.RiskResult:
    """The exclusion risk index of this run's neighbourhood figures with these weights (the registry's when None)."""
    return risk_index.score(risk_inputs(), load_registry().risk, weights)


@loader
def far_wards(indicators: tuple[str, ...]) -> dict[str, list[judgement.FarWard]]:
    """Per ward-level indicator, the wards far from the borough in the direction of concern."""
    return judgement.far_wards_build(load_registry(), database(), tuple(indicators))


def indicator_meta(indicator_id: str, aud: str | None = None) -> dict | None:
    """The indicator's row of `indicators` as a dict (None if this audience has no such indicator): kept, as
    a page asks for it a few times a run."""
    return per_build(_indicator_meta, indicator_id, aud)


def _indicator_meta(indicator_id: str, aud: str | None) -> dict | None:
    df = indicators(aud)
    rows = df[df.id == indicator_id]
    return rows.iloc[0].to_dict() if len(rows) else None


def leaders_brief_maker():
    """A function that makes the leaders' brief (publish/leaders_brief.py) as an A4 PDF of what this session
    may see, from the build this run is pinned to, as on its day; carried as ward_report_maker's is. Kept
    in the one cache per build, audience and day: Chromium takes a few seconds to print it."""
    from publish.leaders_brief import brief_pdf

    key, pinned = run(), database()
    return lambda: cache.kept(key, brief_pdf, pinned, key.day)


def ward_report_maker(ward: str):
    """A function that makes this ward's print-ready A4 report for what this session may see, from
    the build this run is pinned to. Streamlit calls it on another thread when the button is
    clicked, where the session state is out of reach, so it carries what it needs."""
    from publish.ward_report import ward_report_html

    pinned, aud = database(), audience()
    return lambda: ward_report_html(pinned, ward, aud).encode("utf-8")
