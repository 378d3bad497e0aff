-- One figure per indicator, area and period. An indicator can come from several files (Ofcom's
-- current release and its history): the indicator's own primary source wins for a period both publish.
select o.*
from stg_observations o
left join seed_indicators i on i.id = o.indicator_id
qualify row_number() over (partition by o.indicator_id, o.area_code, o.period
                           order by (o.source_id = i.source_id) desc, o.source_id) = 1
