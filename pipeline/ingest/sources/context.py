"""What every adapter is given: the build's shared context, and the adapter's own signature."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb

from pipeline.registry import Registry, Source


@dataclass
class Context:
    """What adapters share during one build: the registry and the area codes seen so far."""

    registry: Registry
    con: duckdb.DuckDBPyConnection
    messages: list[str] = field(default_factory=list)

    def known_codes(self, area_type: str, vintage: str | None = None) -> set[str] | None:
        """Codes of one kind already staged (boundaries or lookups); None if nothing is staged yet."""
        sql = "select code from stg_areas where type = ? and (? is null or boundary_vintage = ?)"
        params: list = [area_type, vintage, vintage]
        if area_type == "lsoa":
            sql += (
                " union select lsoa_code from stg_lookup_oa where (? is null or vintage = ?)"
                " union select lsoa_code from stg_lookup_lsoa_ward where (? is null or lsoa_vintage = ?)"
            )
            params += [vintage, vintage, vintage, vintage]
        if area_type == "ward":
            sql += " union select ward_code from stg_lookup_lsoa_ward where (? is null or ward_vintage = ?)"
            params += [vintage, vintage]
        codes = {r[0] for r in self.con.execute(sql, params).fetchall()}
        return codes or None

    def comparator_codes(self) -> set[str]:
        return set(self.registry.comparators)


Adapter = Callable[[duckdb.DuckDBPyConnection, Path, Source, Context], int]
