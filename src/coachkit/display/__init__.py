"""Showing results to people: tables, figures, notebook pages."""
