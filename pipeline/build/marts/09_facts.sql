-- The regeneration facts behind the projects register: one sourced statement each.
select fact_id, project, metric, value, unit, period, statement, source_url, source_publisher,
       source_date, notes
from stg_facts
