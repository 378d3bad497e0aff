-- Which current ward each current LSOA lies in.
select lsoa_code, ward_code, source_id
from stg_lookup_lsoa_ward
where lsoa_vintage = $lsoa_vintage and ward_vintage = $ward_vintage
