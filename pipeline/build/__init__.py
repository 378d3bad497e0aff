"""Turning inputs into one database: stage every source, derive, run the marts (marts/), swap in atomically;
`check` reads the inputs without building, `pin` makes checked files the bundled default."""
