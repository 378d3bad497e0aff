-- Every figure the pages read: the published ones, and the exclusion risk index's scores for every
-- current LSOA and ward with the registry's default weights. The build scores them from `published`
-- just before this file runs, with the same function a page uses for a reader's weights
-- (pipeline/rules/risk_index.py), and hands them over as `derived_risk_scores`.
select indicator_id, area_code, period, period_start, period_label, value, unit, lci_95, uci_95, status,
       note, source_id
from published
union all
select indicator_id, area_code, period, period_start, period_label, value, unit, lci_95, uci_95, status,
       note, source_id
from derived_risk_scores
