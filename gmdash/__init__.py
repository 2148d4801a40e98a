"""Greater Manchester drug and alcohol treatment dashboard: logic that does not import Streamlit."""
