"""The synthetic data sets, generated from a fixed seed with the models."""
