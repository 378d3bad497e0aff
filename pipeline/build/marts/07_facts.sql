select * from stg_facts
