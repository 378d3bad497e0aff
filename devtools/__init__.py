"""Tools for developing One Stockport (not imported by the app): the browser harness the e2e tests and
benchmarks share."""
