-- The registry's sources, with what this build read from each one's file (none for a source whose file
-- this build did not read), and the risk index's own source: its publisher line names every input's
-- publisher and share of the weight in this build (`derived_risk_source`, from the same scoring step).
select s.id, s.title, s.publisher, s.licence, s.licence_url, s.attribution, s.url, s.vintage, s.file,
       f.retrieved_at, f.sha256, f.rows, s.edition
from seed_sources s
left join stg_files f on f.source_id = s.id
union all
select id, title, publisher, licence, licence_url, attribution, url, vintage, file, retrieved_at, sha256, rows, edition
from derived_risk_source
