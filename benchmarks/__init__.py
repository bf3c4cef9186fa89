"""Benchmarks and browser-test support for coachkit: run from the project folder, not shipped in the package."""
