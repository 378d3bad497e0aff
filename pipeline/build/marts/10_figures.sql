-- One row per figure with what every page shows beside it: its area, its indicator, its source's
-- edition and publisher, and (for each area's latest figure) when the next release is expected and
-- the last day before it is late. Whether a figure is late depends on the day it is read, so queries
-- work that out from late_after; `latest` marks the rows the freshness mart dates.
select o.*,
       a.name as area_name, a.type as area_type, a.current as area_current,
       i.title, i.short, i.theme, i.audience, i.polarity, i.decimals, i.vintage,
       s.publisher, s.title as source_title, s.vintage as source_vintage, s.edition,
       f.indicator_id is not null as latest, f.expected_next, f.late_after
from observations o
join areas a on a.code = o.area_code
join indicators i on i.id = o.indicator_id
left join sources s on s.id = o.source_id
left join freshness f on f.indicator_id = o.indicator_id and f.area_code = o.area_code and f.period = o.period
