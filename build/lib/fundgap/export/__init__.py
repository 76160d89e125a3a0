"""Beside the views: the CSV, Parquet and ZIP snapshots, and `python -m fundgap export`."""
