"""Analyses of coded data and surveys: each reads its input and returns a result."""
