"""Which wards are most alike: nearest by their context figures, each put on one scale first.

Officers compare a ward with its peers, not only with the borough. A ward's context here is its
population, share aged 65+, deprivation (IMD score) and digital exclusion risk score. Each figure is
standardised across the wards (minus the mean, over the standard deviation) so no one figure wins by
its units; the most similar wards are those nearest in that space (Euclidean distance), ties by name.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CONTEXT = ("population", "age_65plus_pct", "imd_score", "exclusion_risk_score")
CONTEXT_WORDS = (
    "population, share of residents aged 65 and over, deprivation (Index of Multiple Deprivation "
    "score) and One Stockport digital exclusion risk score"
)


def standardised(context: pd.DataFrame, columns: tuple[str, ...] = CONTEXT) -> pd.DataFrame:
    """Each column as z-scores across the rows; a column with no spread counts as 0 everywhere."""
    values = context[list(columns)].astype(float)
    spread = values.std(ddof=0).replace(0, np.nan)
    return ((values - values.mean()) / spread).fillna(0.0)


def most_similar(context: pd.DataFrame, ward_code: str, n: int = 3, columns: tuple[str, ...] = CONTEXT) -> pd.DataFrame:
    """The `n` wards nearest `ward_code` (the ward itself left out), nearest first, with `distance`.

    `context` has one row per ward: area_code, area_name and a column per figure in `columns`;
    a ward missing any of them is left out of the comparison."""
    usable = context.dropna(subset=list(columns)).reset_index(drop=True)
    if ward_code not in set(usable.area_code):
        return usable.head(0).assign(distance=pd.Series(dtype=float))
    z = standardised(usable, columns)
    own = z[usable.area_code == ward_code].iloc[0]
    distance = np.sqrt(((z - own) ** 2).sum(axis=1))
    ranked = usable.assign(distance=distance.round(6))
    ranked = ranked[ranked.area_code != ward_code].sort_values(["distance", "area_name"])
    return ranked.head(n).reset_index(drop=True)
