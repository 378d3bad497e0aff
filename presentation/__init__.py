"""Streamlit-free presentation: wording, Plotly and SVG charts, map classes, HTML pieces and the theme,
shared by the dashboard (ui/) and the publishing commands (publish/)."""
