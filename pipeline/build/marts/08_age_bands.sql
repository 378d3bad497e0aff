select * from stg_age_bands
