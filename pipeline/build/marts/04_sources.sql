-- The registry's sources, with what this build read from each one's file (none for a source
-- whose file this build did not read).
select s.*, f.retrieved_at, f.sha256, f.rows
from seed_sources s
left join stg_files f on f.source_id = s.id
