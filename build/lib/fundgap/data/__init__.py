"""Stage 1, the data: the vocabulary (schema), reading the curated CSV, validating it, flattening the ledger,
building the Parquet files and loading them."""
