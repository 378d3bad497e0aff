-- The commitments the council and its partners have published, as declared in registry.toml.
select * from seed_targets
