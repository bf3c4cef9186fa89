"""Shared plotting helpers: colour-blind-safe palettes and the projector theme."""

from __future__ import annotations

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
    import seaborn as sns

    scale = font_scale if font_scale is not None else (1.5 if projector else 1.0)
    sns.set_theme(context="talk" if projector else "notebook", style="whitegrid",
                  palette=PALETTE, font_scale=scale)


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
