-- The registry's sources, with what this build read from each one's file (none for a source whose file
-- this build did not read), and the risk index's own source: its publisher line names every input's
-- publisher and share of the weight in this build (`derived_risk_source`, from the same scoring step).
select s.*, f.retrieved_at, f.sha256, f.rows
from seed_sources s
left join stg_files f on f.source_id = s.id
union all by name
select * from derived_risk_source
