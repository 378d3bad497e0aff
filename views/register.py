"""Officers only: upload a new inclusion register, preview what changes, confirm, restore earlier versions."""

import pandas as pd
import streamlit as st
from ui.md import md_text

from pipeline import paths
from pipeline.ingest import register
from pipeline.build.database import build
from pipeline.ingest.csv_safety import neutralise
from pipeline.errors import BuildError, InputError
from ui import data, state
from ui.access import require_access, server_audience
from ui.scope import borough_level

require_access(embed=False)  # dashboard.py has checked already; the page that can publish checks again

if server_audience() != "internal":  # also left out of the menu; refused here whatever the URL
    st.error("This page is for council officers on an internal server.")
    st.stop()

notices = state.page_notices()
st.title("Inclusion register")
st.markdown(
    "The digital inclusion programme register: one row per month, ward and partner organisation. Upload "
    "a new version to replace the figures on every page. Each upload is checked row by row; nothing "
    "changes until you confirm, and every earlier version is kept and can be restored."
)
borough_level("the register holds every ward's rows, and an upload replaces them all.")
template = (paths.DATA_DIR / register.TEMPLATE_FILE).read_bytes()
st.download_button(
    "Download the empty template (CSV)",
    template,
    file_name=register.TEMPLATE_FILE,
    mime="text/csv",
    key="register-template",
)
st.caption(
    "Columns: month (YYYY-MM), ward_code (code or exact ward name), partner, champions_active, "
    "sessions_delivered, residents_supported, devices_lent, sims_or_data_gifted (whole numbers, 0 or more), "
    "status (published, provisional or sample)."
)


def _grid(frame: pd.DataFrame) -> None:
    """A table shown as every CSV of the product writes it: the grid's own "Download as CSV" and copy hand
    the browser exactly what it shows, so text a spreadsheet would run keeps its leading apostrophe."""
    st.dataframe(neutralise(frame), hide_index=True, width="stretch")


def _switch_and_rebuild(switch, succeeded, failed: str) -> None:
    """Point the register at another version and rebuild; the pointer moves back if the build fails."""
    live = paths.database_path()
    try:
        target, report = register.switch_and_build(switch, lambda: build(live, paths.fetched_raw_dir()), live)
    except (InputError, BuildError) as e:
        st.session_state["register-done"] = (
            "error",
            f"{failed}: the rebuild failed ({e}); the previous register stays current.",
        )
        return
    st.session_state["register-done"] = ("success", f"{succeeded(target)} Dashboard rebuilt (build {report.build_id}).")


def _confirm() -> None:
    # Consumed once: a second click on the same Confirm finds nothing pending and stores nothing.
    pending = st.session_state.pop("register-pending", None)
    if pending is None:
        return
    rows, who = pending
    _switch_and_rebuild(
        lambda: register.store(rows, who=who),
        lambda v: (
            f"Version {v.id} ({v.rows:,} rows) is now current."
            if v.new
            else f"This file is the same as version {v.id}, which is now current."
        ),
        "Not applied",
    )


def _restore(version_id: str) -> None:
    _switch_and_rebuild(
        lambda: register.make_current(version_id) or version_id, lambda v: f"Restored version {v}.", "Not restored"
    )


if done := st.session_state.pop("register-done", None):
    kind, message = done
    (st.success if kind == "success" else st.error)(message)

current_path = register.current_file()
current = register.read_rows(current_path)
wards = data.wards()
names = dict(zip(wards.code, wards.name))
label = register.current_version_id() or "the shipped SAMPLE"
st.header("Current register")
st.markdown(
    f"**{label}**: {len(current):,} rows, {current.month.min()} to {current.month.max()}, "
    f"{current.partner.nunique()} partners, {current.ward_code.nunique()} wards."
)
if (current.status == "sample").any():
    st.warning("The current register holds SAMPLE rows, not real programme records.", icon=":material/science:")

st.header("Upload a new version")
upload = st.file_uploader(
    "Register CSV", type=["csv"], key="register-file", help="UTF-8 CSV in the template's columns; up to 5 MB."
)
if upload is not None:
    rows, problems = register.validate(upload.getvalue(), names)
    diff = {} if problems else register.changes(current, rows)
    if problems:
        st.error(f"{md_text(upload.name)} was not accepted: {len(problems)} problem(s). Nothing has changed.")
        _grid(pd.DataFrame([{"row": p.row, "column": p.column, "problem": p.message} for p in problems]))
    elif not any(len(frame) for frame in diff.values()):
        st.session_state.pop("register-pending", None)
        st.info(
            f"**{md_text(upload.name)}** is the same as the current register ({len(rows):,} rows): there is nothing "
            "to confirm.",
            icon=":material/check:",
        )
    else:
        st.markdown(
            f"**{md_text(upload.name)}** passed every check: {len(rows):,} rows. Compared with the current register: "
            f"**{len(diff['added'])} added, {len(diff['changed'])} changed, {len(diff['removed'])} removed.**"
        )
        for kind, frame in diff.items():
            if len(frame):
                with st.expander(f"Rows {kind} ({len(frame)})"):
                    _grid(frame)
        who = getattr(st.user, "email", None) if getattr(st.user, "is_logged_in", False) else None
        st.session_state["register-pending"] = (rows, who or "officer")
        st.button("Confirm: store this version and rebuild", type="primary", on_click=_confirm, key="register-confirm")

st.header("Versions")
history = register.versions()
if not history:
    st.caption("No versions uploaded yet: the dashboard shows the shipped SAMPLE.")
for v in reversed(history):
    left, right = st.columns([4, 1])
    left.markdown(f"`{v.id}` · {v.rows:,} rows" + (" · **current**" if v.current else ""))
    if not v.current:
        right.button("Restore", key=f"restore-{v.id}", on_click=_restore, args=(v.id,))
state.finish(notices)
