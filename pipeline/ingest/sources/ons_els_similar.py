"""ONS Explore Local Statistics' similar areas: per area, its statistical nearest neighbours, nearest first.

The file (`scripts/config/clusters/*-neighbours.csv` of ONSdigital/explore-local-statistics-app) has a
column AREACD and one column per place, "1" to "20". The registry declares each group (names, order);
this adapter holds it to the publisher's list, so a new ONS clustering stops the build until the
registry says who the similar councils now are.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import InputError
from pipeline.registry import Source
from pipeline.ingest.textfile import csv_rows, read_text
from pipeline.ingest.sources.context import Context


def load(con, path: Path, source: Source, ctx: Context) -> int:
    header, rows = csv_rows(path, read_text(path), ["AREACD"])
    places = [h for h in header if h.isdigit()]
    if [int(p) for p in places] != list(range(1, len(places) + 1)):
        raise InputError(
            path, 1, None, f"expected columns AREACD, 1, 2, … (nearest first); header has: {', '.join(header)}"
        )
    by_area = {r["AREACD"]: r for r in rows}
    groups = [g for g in ctx.registry.comparator_groups.values() if g.source == source.id]
    for group in groups:
        row = by_area.get(group.of)
        if row is None:
            raise InputError(path, None, "AREACD", f"no row for {group.of}, whose group '{group.name}' this file lists")
        listed = [row[p] for p in places if row[p]]
        for place, (published, declared) in enumerate(zip(listed, group.members), 1):
            if published != declared:
                raise InputError(
                    path,
                    row.line,
                    str(place),
                    f"ONS lists {published} in place {place} of the areas most similar to {group.of}; "
                    f"registry.toml comparator_group {group.id} has {declared} there: update the group (and its comparators)",
                )
        if len(listed) != len(group.members):
            raise InputError(
                path,
                row.line,
                None,
                f"ONS lists {len(listed)} areas similar to {group.of}; registry.toml "
                f"comparator_group {group.id} has {len(group.members)}",
            )
    return sum(len(g.members) for g in groups)
