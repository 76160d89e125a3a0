"""fundgap's benchmarks: `python -m benchmarks` (or `make bench`). See benchmarks/README.md."""
