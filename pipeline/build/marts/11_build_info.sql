-- What this build was, for the Data and methods page and for `python -m pipeline info`.
select * from (values ('built_at', $built_at), ('mode', $mode), ('raw_dir', $raw_dir),
                      ('retrieved_at', $retrieved_at), ('build_id', $build_id),
                      ('schema_version', $schema_version)) as info(key, value)
