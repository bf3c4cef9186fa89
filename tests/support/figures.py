"""What a figure shows in words (tests only): every text artist of a matplotlib figure."""

from __future__ import annotations


def figure_text(fig) -> str:
    """All texts of ``fig`` (titles, labels, ticks, legends, annotations), one per line."""
    from matplotlib.text import Text

    fig.canvas.draw()
    return "\n".join(t.get_text() for t in fig.findobj(Text) if t.get_text())
