"""One small loader per source file; each returns a tidy DataFrame and names its source."""
