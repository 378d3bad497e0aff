-- Every figure as published, or derived from published ones by the adapters (LSOA to ward), one per
-- indicator, area and period. An indicator can come from several files (Ofcom's current release and its
-- history): the indicator's own primary source wins for a period both publish. The exclusion risk index
-- is scored from these (pipeline/rules/risk_index.py), so they are kept as they were before it.
select o.indicator_id, o.area_code, o.period, o.period_start, o.period_label, o.value, o.unit, o.lci_95,
       o.uci_95, o.status, o.note, o.source_id
from stg_observations o
left join seed_indicators i on i.id = o.indicator_id
qualify row_number() over (partition by o.indicator_id, o.area_code, o.period
                           order by (o.source_id = i.source_id) desc, o.source_id) = 1
