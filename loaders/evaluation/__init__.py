"""Evaluations: extraction measured against expected values written by hand."""
