"""One Stockport data pipeline: published files → staging tables → marts in one DuckDB file."""
