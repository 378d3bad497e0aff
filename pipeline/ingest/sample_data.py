"""The clearly labelled SAMPLE inclusion register, generated deterministically.

Used only until the council uploads its own register; every row has status 'sample'.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from pipeline import paths
from pipeline.ingest.register import COLUMNS, SAMPLE_FILE, TEMPLATE_FILE
from pipeline.registry import load_registry

MONTHS = [f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)][:19]  # 2025-01 … 2026-07
PARTNERS = ["Sample library service", "Sample housing association", "Sample community centre"]


def _wards(data_dir: Path) -> list[str]:
    """The current wards, from the bundled ONS LSOA-to-ward lookup."""
    lookup = load_registry().sources["ons_lsoa21_ward25"].file
    with open(paths.default_dir(data_dir) / lookup, encoding="utf-8-sig") as f:
        return sorted({r["wd25cd"] for r in csv.DictReader(f)})


def _pseudo(seed: str) -> float:
    """A stable number in [0, 1) from text: same input, same sample, on any machine."""
    return int(hashlib.sha256(seed.encode()).hexdigest()[:8], 16) / 0x100000000


def sample_rows(wards: list[str]) -> list[dict]:
    rows = []
    for ward in wards:
        for partner in PARTNERS:
            if partner != PARTNERS[0] and _pseudo(ward + partner) < 0.35:  # not every partner in every ward
                continue
            base = 3 + int(12 * _pseudo(ward + partner + "base"))
            for n, month in enumerate(MONTHS):
                residents = base + int(n * 0.4 * _pseudo(ward + "trend")) + int(6 * _pseudo(ward + partner + month))
                rows.append(
                    {
                        "month": month,
                        "ward_code": ward,
                        "partner": partner,
                        "champions_active": 1 + int(4 * _pseudo(ward + partner + "champions")),
                        "sessions_delivered": 1 + residents // 4,
                        "residents_supported": residents,
                        "devices_lent": int(residents * 0.2 * _pseudo(month + ward)),
                        "sims_or_data_gifted": int(residents * 0.15 * _pseudo(ward + month)),
                        "status": "sample",
                    }
                )
    return rows


def write_sample(data_dir: Path = paths.DATA_DIR) -> Path:
    path = data_dir / SAMPLE_FILE
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(sample_rows(_wards(data_dir)))
    with open(data_dir / TEMPLATE_FILE, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(COLUMNS)
    return path
