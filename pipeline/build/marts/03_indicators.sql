-- The registry's indicators, as declared in registry.toml. The risk index's two indicators name the
-- index's own source (06_sources.sql), not one input's: wherever a source is shown, it is the index.
select id, title, short, theme, unit, polarity,
       case when id in ($risk_indicator, $risk_decile_indicator) then $risk_source_id else source_id end as source_id,
       vintage, geographies, audience, methodology, decimals, frequency, release_lag_months
from seed_indicators
