"""Publishing from a built database: ward reports (HTML and PDF) and the static public export."""
