"""The kit's performance benchmarks (run from the project folder; not shipped in the wheel)."""
