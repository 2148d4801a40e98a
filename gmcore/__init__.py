"""What both the data build and the app rely on: the extracts' schema and the statistics engine."""
