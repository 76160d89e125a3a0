"""Stage 3, views: each page's bundle (figures, formatted tables, row positions) and the plotly charts,
computed once per dataset version and view. No Streamlit."""
