"""The benchmark behind `make bench`: page speed, payload, load, browser timings, query growth."""
