select * from stg_projects
