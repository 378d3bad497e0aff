-- Residents by age band for each ward and the borough (Census 2021), for the inclusion page's chart.
select area_code, period, age_band, band_order, residents, source_id
from stg_age_bands
