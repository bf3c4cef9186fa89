"""Scenario models of coaching: orientations, the coaching year, student selection."""
