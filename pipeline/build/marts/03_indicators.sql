-- The registry's indicators, as declared in registry.toml.
select * from seed_indicators
