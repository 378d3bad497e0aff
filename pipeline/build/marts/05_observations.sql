-- Every figure the pages read: the published ones, and the exclusion risk index's scores for every
-- current LSOA and ward with the registry's default weights. The build scores them from `published`
-- just before this file runs, with the same function a page uses for a reader's weights
-- (pipeline/rules/risk_index.py), and hands them over as `derived_risk_scores`.
select * from published
union all by name
select * from derived_risk_scores
