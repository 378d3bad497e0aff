"""The database as stored: its shape, its immutable kept builds and the lock that publishes them, and the
read side (queries, and what changed between two builds)."""
