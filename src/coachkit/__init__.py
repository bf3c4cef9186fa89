"""coachkit — a research-and-teaching kit for Finnish job coaching (työhönvalmennus).

Reproduces the thematic analysis of the study's sources (Table 1 of seed 001)
and the coding of coach questionnaires (seed 000) on synthetic data, with the
rules made explicit and adjustable.
"""

from ._plotting import set_theme
from ._validation import InputError
from .agreement import Agreement, agreement, interpret_alpha, interpret_kappa, plot_confusion, read_coding
from .codebook import GOAL_IDS, Codebook
from .datasets import data_dir, list_datasets, load_dataset
from .groups import compare_groups, plot_prevalence
from .saturation import plot_saturation, saturation_curve, saturation_point, saturation_points
from .stars import ALTERNATIVE_RULES, DEFAULT_RULE, StarRule
from .themes import (
    compare_to_published,
    frequency_table,
    goal_totals,
    plot_phase_continuum,
    plot_stars,
    read_corpus,
    rule_sensitivity,
    star_matrix,
    star_table,
)

__version__ = "0.1.0"

__all__ = [
    "ALTERNATIVE_RULES",
    "Agreement",
    "Codebook",
    "DEFAULT_RULE",
    "GOAL_IDS",
    "InputError",
    "StarRule",
    "agreement",
    "compare_groups",
    "compare_to_published",
    "data_dir",
    "frequency_table",
    "goal_totals",
    "interpret_alpha",
    "interpret_kappa",
    "list_datasets",
    "load_dataset",
    "plot_confusion",
    "plot_phase_continuum",
    "plot_prevalence",
    "plot_saturation",
    "plot_stars",
    "read_coding",
    "read_corpus",
    "rule_sensitivity",
    "saturation_curve",
    "saturation_point",
    "saturation_points",
    "set_theme",
    "star_matrix",
    "star_table",
]
