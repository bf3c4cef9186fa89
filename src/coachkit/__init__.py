"""coachkit — a research-and-teaching kit for Finnish job coaching (työhönvalmennus).

Reproduces the thematic analysis of the thesis on work coaching (its Table 1)
and the coding of coach questionnaires (Pikkusaari 2012) on synthetic data, with the
rules made explicit and adjustable.

The names below are imported on first use (PEP 562), so that ``import
coachkit`` and a command such as ``coachkit tasks summary`` do not load the
plotting and statistics libraries they do not need.  No public name is also a
submodule's name (the function ``coachkit.agreement`` lives in the module
``coachkit.analyses.agreement``), so loading a submodule never hides one.
"""

from __future__ import annotations

import importlib

from .errors import InputError  # noqa: F401  (public, not lazy)

__version__ = "0.1.0"

#: public name → module that defines it
_LAZY = {
    "set_theme": "display.figures",
    "Agreement": "analyses.agreement", "agreement": "analyses.agreement",
    "interpret_alpha": "analyses.agreement", "interpret_kappa": "analyses.agreement",
    "plot_confusion": "analyses.agreement", "read_coding": "analyses.agreement",
    "GOAL_IDS": "reference.codebook", "Codebook": "reference.codebook",
    "data_dir": "datasets", "list_datasets": "datasets", "load_dataset": "datasets",
    "compare_groups": "analyses.groups", "plot_prevalence": "analyses.groups",
    "plot_saturation": "analyses.saturation", "saturation_curve": "analyses.saturation",
    "saturation_point": "analyses.saturation", "saturation_points": "analyses.saturation",
    "Result": "analyses.results",
    "ALTERNATIVE_RULES": "analyses.stars", "DEFAULT_RULE": "analyses.stars",
    "StarRule": "analyses.stars",
    "compare_to_published": "analyses.themes", "frequency_table": "analyses.themes",
    "goal_totals": "analyses.themes", "plot_phase_continuum": "analyses.themes",
    "plot_stars": "analyses.themes", "read_corpus": "analyses.themes",
    "rule_sensitivity": "analyses.themes", "star_matrix": "analyses.themes",
    "star_table": "analyses.themes",
    "show_table": "display.tables",
}

__all__ = sorted([*_LAZY, "InputError"])


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'coachkit' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_LAZY])
