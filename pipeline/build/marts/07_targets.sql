-- The commitments the council and its partners have published, as declared in registry.toml.
select id, indicator_id, area_code, value, direction, target_date, commitment, publisher, url, note
from seed_targets
