"""One adapter per publisher format. Each reads a file as published and fills staging tables.

An adapter is a function `load(con, path, source, ctx) -> rows` (context.Adapter) registered in ADAPTERS
under the name that registry.toml gives in a source's `adapter` field.
"""

from __future__ import annotations

from pipeline.ingest.sources import (
    census_la,
    gm_deri,
    inclusion_register,
    iod,
    mysociety_imd,
    nomis_census,
    ofcom_history,
    ons_boundaries,
    ons_els,
    ons_els_similar,
    ons_lookups,
    projects_register,
    regeneration_facts,
)
from pipeline.ingest.sources.context import Adapter

ADAPTERS: dict[str, Adapter] = {
    "ons_boundaries": ons_boundaries.load,
    "ons_lookups": ons_lookups.load,
    "nomis_census": nomis_census.load,
    "census_la": census_la.load,
    "iod": iod.load,
    "mysociety_imd": mysociety_imd.load,
    "ons_els": ons_els.load,
    "ons_els_similar": ons_els_similar.load,
    "ofcom_history": ofcom_history.load,
    "gm_deri": gm_deri.load,
    "regeneration_facts": regeneration_facts.load,
    "projects_register": projects_register.load,
    "inclusion_register": inclusion_register.load,
}
