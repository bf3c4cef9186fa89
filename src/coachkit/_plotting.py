"""Shared plotting helpers: colour-blind-safe palettes and the projector theme."""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys

# matplotlib and seaborn are imported inside the functions: a command that only
# prints a table (``coachkit tasks summary --json``) must not pay for them.

#: Qualitative palette (Okabe–Ito via seaborn's "colorblind").
PALETTE = "colorblind"
#: Sequential colour map for heatmaps, readable in grey and for colour-blind viewers.
SEQUENTIAL = "cividis"


def set_theme(*, projector: bool = False, font_scale: float | None = None) -> None:
    """Apply the kit's figure style.

    Parameters
    ----------
    projector : bool
        Larger fonts and thicker lines for a classroom projector.
    font_scale : float, optional
        Override the font scale (default 1.0, or 1.5 with ``projector``).
    """
    scale = font_scale if font_scale is not None else (1.5 if projector else 1.0)

    def apply():
        import seaborn as sns

        sns.set_theme(context="talk" if projector else "notebook", style="whitegrid",
                      palette=PALETTE, font_scale=scale)

    # A page that draws nothing (an exercise's forms) should not load seaborn, scipy and
    # statsmodels (~55 MB per classroom kernel): the theme is applied when pyplot loads.
    if "matplotlib.pyplot" in sys.modules:
        apply()
    else:
        _after_import("matplotlib.pyplot", apply)


class _AfterImport(importlib.abc.MetaPathFinder):
    """Runs ``then()`` right after module ``name`` has been imported (once)."""

    def __init__(self, name, then):
        self.name, self.then = name, then

    def find_spec(self, fullname, path, target=None):
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        loader, then = spec.loader, self.then

        class Loader(importlib.abc.Loader):
            def create_module(self, spec):
                return loader.create_module(spec)

            def exec_module(self, module):
                loader.exec_module(module)
                then()

        spec.loader = Loader()
        return spec


def _after_import(name: str, then) -> None:
    for finder in [f for f in sys.meta_path if isinstance(f, _AfterImport) and f.name == name]:
        sys.meta_path.remove(finder)  # the latest set_theme() wins
    sys.meta_path.insert(0, _AfterImport(name, then))


def get_ax(ax=None, *, figsize=(7, 4)):
    """Return ``ax`` or a new axes."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def colors(n: int):
    """``n`` colours of the kit's qualitative palette."""
    import seaborn as sns

    return sns.color_palette(PALETTE, n)
