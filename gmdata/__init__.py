"""Data build: reads the raw public source files and writes the parquet extracts under data/."""
