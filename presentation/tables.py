"""Tables as handed to readers: freshness in words and each row's sources."""
from __future__ import annotations

import pandas as pd


def freshness_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Freshness in words a spreadsheet reader understands: the expected next release and a flag."""
    if "out_of_date" not in frame.columns:
        return frame
    flags = ["may be out of date" if not pd.isna(f) and bool(f) else "" for f in frame["out_of_date"]]
    due = ["" if pd.isna(d) else f"{d:%Y-%m}" for d in frame["expected_next"]]
    return frame.drop(columns=["out_of_date", "expected_next"]).assign(expected_next_release=due, freshness=flags)



def add_source_columns(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Freshness in words plus publisher, licence, attribution and source vintage columns, so a
    downloaded table carries its sources."""
    frame = freshness_columns(frame)
    if "source_id" not in frame.columns:
        return frame
    known = sources.set_index("id")
    ids = frame["source_id"]
    return frame.assign(**{column: ids.map(known[field])
                           for column, field in (("publisher", "publisher"), ("licence", "licence"),
                                                 ("attribution", "attribution"), ("source_vintage", "vintage"))})
