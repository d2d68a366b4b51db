"""Loaders: report documents parsed into reports, sections and metrics, and written to the store."""
