-- The council's town-centre projects register, one row per scheme, as its adapter staged it.
select project_id, name, kind, ward_code, lat, lon, location, status, status_fact, status_reported,
       capital_cost_gbp_m, capital_basis, capital_cost_note, funders, homes, homes_note, jobs,
       floorspace_sqft, floorspace_basis, start_date, completion_date, description, fact_ids, source_urls,
       partners
from stg_projects
