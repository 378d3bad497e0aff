-- Every area the figures refer to: the boundary and lookup files' areas, plus the registry's
-- comparator areas that no file supplies. An LSOA whose code survived from 2011 into 2021 is one
-- area: its current (2021) row is kept.
with candidates as (
    select * from stg_areas
    union all by name
    select code, name, type, parent, true as current, 'registry' as source_id
    from seed_comparators where code not in (select code from stg_areas))
select * from candidates
qualify row_number() over (partition by code order by current desc, boundary_vintage desc) = 1
