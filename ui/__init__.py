"""Streamlit building blocks shared by the pages: cached data, URL state, charts, maps."""
