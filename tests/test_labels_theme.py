"""The words' lookup and the projector theme."""

import matplotlib.pyplot as plt
import pytest

import coachkit as ck
from coachkit.i18n import t


def test_unknown_word_and_language():
    with pytest.raises(ValueError, match="lang"):
        t("label.source", "sv")
    with pytest.raises((KeyError, ValueError), match="no-such-key"):
        t("label.no-such-key", "fi")


def test_projector_theme_enlarges_fonts():
    ck.set_theme()
    normal = plt.rcParams["font.size"]
    ck.set_theme(projector=True)
    assert plt.rcParams["font.size"] > normal * 1.5
    ck.set_theme()


def test_show_table_is_finnish_and_fits_the_page():
    import pandas as pd

    from coachkit.display.tables import MAX_COLUMNS, display_frame, show_table
    from coachkit.models.selection import simulate

    summary = simulate(reps=30).summary
    frame = display_frame(summary)
    assert "Strategia" in frame.columns and "strategy" not in frame.columns
    assert set(frame["Valmentaja"]) == {"kyllä", "ei"}
    assert frame["Strategia"].iloc[0] == "A tiukennettu"
    assert frame["Työllistyneet valituista"].iloc[0].endswith("\xa0%")  # CLDR: no-break space
    assert "," in frame["Työllistyneet valituista"].iloc[0]  # decimal comma
    assert "%" not in frame["Valintasuhde"].iloc[0]  # a ratio, not a share
    english = display_frame(summary, "en")
    assert english["Strategy"].iloc[0] == "A tightened" and set(english["Coach"]) == {"yes", "no"}
    assert english["Employed among admitted"].str.fullmatch(r"\d+\.\d%").all()  # 26.1%, no comma
    wide = show_table(summary)  # 14 columns, 6 rows: transposed to fit
    assert wide.data.shape[1] <= MAX_COLUMNS and "A tiukennettu · ei" in wide.data.columns
    narrow = show_table(pd.DataFrame({"source": ["a"], "count": [3]}))
    assert list(narrow.data.columns) == ["Lähde", "Määrä"]
    assert "overflow-x: auto" in narrow.to_html()


def test_a_column_that_names_columns_shows_their_headers():
    """column_totals' ``column`` holds column names (visits, men, …): a Finnish table shows
    them as the Finnish headers, not as English ids."""
    from coachkit import i18n
    from coachkit.analyses import tasks
    from coachkit.datasets import load_dataset
    from coachkit.display.tables import display_frame

    totals = tasks.column_totals(tasks.read_task_table(load_dataset("visit_topics")))
    for lang in ("fi", "en"):
        shown = display_frame(totals, lang).iloc[:, 0].tolist()
        assert shown == [i18n.t(f"column.{c}", lang) for c in ("visits", "men", "women", "immigrants")]
        assert i18n.stray_words("\n".join(shown), lang, min_length=4) == []
