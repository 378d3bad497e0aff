-- The registry's indicators, as declared in registry.toml. The risk index's two indicators name the
-- index's own source (06_sources.sql), not one input's: wherever a source is shown, it is the index.
select * replace (case when id in ($risk_indicator, $risk_decile_indicator) then $risk_source_id
                       else source_id end as source_id)
from seed_indicators
