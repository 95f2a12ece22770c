"""Tests of the Streamlit app (explorer_pages/) with AppTest."""
