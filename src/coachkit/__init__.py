"""coachkit — a research-and-teaching kit for Finnish job coaching (työhönvalmennus).

Reproduces the thematic analysis of the thesis on work coaching (its Table 1)
and the coding of coach questionnaires (Pikkusaari 2012) on synthetic data, with the
rules made explicit and adjustable.

The names below are imported on first use (PEP 562), so that ``import
coachkit`` and a command such as ``coachkit tasks summary`` do not load the
plotting and statistics libraries they do not need.
"""

from __future__ import annotations

import importlib
import sys
import types

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


class _Package(types.ModuleType):
    """Keeps the function ``coachkit.analyses.agreement`` when its submodule of the same name loads.

    The import system sets every loaded submodule as an attribute of its
    package; with lazy names that would replace the public function
    ``agreement`` by the module ``coachkit.analyses.agreement`` (use ``from
    coachkit.analyses.agreement import …`` for the module's contents).
    """

    def __setattr__(self, name, value):
        if isinstance(value, types.ModuleType) and _LAZY.get(name) == name:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
