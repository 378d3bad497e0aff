"""Reading inputs: fetching publishers' files, the bundled default and its manifest, one adapter per source
(sources/), the officers' register upload."""
