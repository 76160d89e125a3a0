"""Stage 4, the app: the only package that talks to Streamlit (frame, loading, sidebar, shared blocks) and the
page list."""
