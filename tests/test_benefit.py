import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coachkit as ck
from coachkit.analyses import benefit as b


@pytest.fixture(scope="module")
def data():
    return b.read_benefit(ck.load_dataset("benefit_ratings"))


def test_shipped_ratings_equal_the_generator():
    fresh = b.simulate_ratings()
    shipped = ck.load_dataset("benefit_ratings")
    assert fresh.astype(str).equals(shipped.astype(str))


def test_instrument_has_four_areas_of_four_statements():
    t = b.instrument()
    assert t.groupby("area").size().to_dict() == dict.fromkeys(b.AREAS, 4)
    assert t["item"].is_unique and (t["cite"] == "Pikkusaari 2012, luku 5.2").all()
    assert b.areas()["area_id"].tolist() == list(b.AREAS)


def test_every_statement_rests_on_a_claim_of_chapter_5_2():
    """Each area and statement has its own claim (lines checked in test_sources) in ch. 5.2."""
    from coachkit.reference.sources import CLAIMS

    for name in ("benefit_items", "benefit_areas"):
        for row in ck.load_dataset(name).itertuples():
            claim = CLAIMS[row.source_note]
            assert [loc.chapter for loc in claim.at] == ["5.2"], row
    items = ck.load_dataset("benefit_items")
    assert items["source_note"].is_unique


def test_value_is_visible_without_a_job(data):
    s = b.benefit_summary(data)
    not_employed = s[~s["employed"]]
    assert (not_employed["change_ci_low"] > 0).all()  # every area improves without a job
    assert set(s["area"]) == set(b.AREAS) and len(s) == 8
    assert (s["change_ci_low"] <= s["change"]).all() and (s["change"] <= s["change_ci_high"]).all()


def test_area_scores_by_hand():
    df = pd.DataFrame({"client_id": ["a"] * 4 + ["b"] * 4, "employed": [1] * 4 + [0] * 4,
                       "item": ["T1", "T2", "T3", "T4"] * 2,
                       "before": [1, 2, 3, "", 2, "", "", 4], "after": [2, 3, 4, 5, 3, 3, 3, 3]})
    d = b.read_benefit(df)
    s = b.area_scores(d).set_index("client_id")
    assert s.loc["a", "before"] == 2.0 and s.loc["a", "after"] == 3.5
    assert s.loc["a", "change"] == 1.5
    assert s.loc["b", "before"] == 3.0  # two of four answered: half is enough
    one = d[~((d["client_id"] == "b") & (d["item"] == "T4"))]
    assert np.isnan(b.area_scores(one).set_index("client_id").loc["b", "before"])
    t = b.improved_any(d, threshold=1.0).set_index("employed")
    assert t.loc[True, "improved_n"] == 1 and t.loc[False, "improved_n"] == 0


@pytest.mark.parametrize("change, message", [
    ({"item": "X9"}, "row 2, column 'item': unknown item 'X9'"),
    ({"before": 6}, "column 'before': value 6"),
    ({"employed": "maybe"}, "column 'employed'"),
])
def test_bad_rows_are_one_line(change, message):
    row = {"client_id": "a", "employed": 1, "item": "T1", "before": 2, "after": 3} | change
    with pytest.raises(ValueError, match=re.escape(message)):
        b.read_benefit(pd.DataFrame([row]))


def test_duplicates_and_mixed_employment_are_refused():
    base = {"client_id": "a", "employed": 1, "item": "T1", "before": 2, "after": 3}
    with pytest.raises(ValueError, match="duplicate coachee and item 'a, T1'"):
        b.read_benefit(pd.DataFrame([base, base]))
    with pytest.raises(ValueError, match="both employed and not"):
        b.read_benefit(pd.DataFrame([base, base | {"item": "T2", "employed": 0}]))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=1, max_size=16),
       st.booleans())
def test_change_is_after_minus_before_for_any_ratings(pairs, employed):
    items = b.instrument()["item"].tolist()[:len(pairs)]
    df = pd.DataFrame({"client_id": "x", "employed": int(employed), "item": items,
                       "before": [p[0] for p in pairs], "after": [p[1] for p in pairs]})
    s = b.area_scores(b.read_benefit(df))
    assert np.allclose(s["change"], s["after"] - s["before"])
    assert s["before"].between(1, 5).all() and s["after"].between(1, 5).all()


def test_figures(data):
    ax = b.plot_benefit(b.benefit_summary(data))
    assert len(ax.patches) == 8
    assert "ei työllistynyt" in ax.get_legend().get_texts()[1].get_text()
    ax2 = b.plot_coachee(b.area_scores(data), "V1-01")
    assert ax2.get_title().startswith("Valmentautuja V1-01")
    with pytest.raises(ValueError, match="no ratings"):
        b.plot_coachee(b.area_scores(data), "nobody")


def test_label_catalogue_names_the_areas_as_the_codebook_does():
    from coachkit.i18n import languages, t

    for lang in languages():
        names = dict(zip(b.areas(lang)["area_id"], b.areas(lang)["name"], strict=True))
        assert {k: t(f"value.area.{k}", lang) for k in b.AREAS} == names


def test_english_figures_and_assumptions_are_english(data):
    import matplotlib.pyplot as plt
    from tests.support.figures import figure_text

    from coachkit.i18n import stray_words

    fig, (a1, a2) = plt.subplots(1, 2)
    b.plot_benefit(b.benefit_summary(data), ax=a1, lang="en")
    b.plot_coachee(b.area_scores(data), "V1-01", ax=a2, lang="en")
    shown = figure_text(fig)
    assert stray_words(shown, "en") == []
    assert "Change from start to end (points, 1–5)" in shown and "Coachee V1-01" in shown
    assert "not employed (n = " in shown and "%" in shown and " %" not in shown
    plt.close(fig)
    table = b.assumption_table("en")
    assert not table["value"].str.contains(r"\d,\d").any()
    assert stray_words(" ".join(table["meaning"]), "en") == []
