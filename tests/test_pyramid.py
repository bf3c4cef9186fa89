import numpy as np
import pandas as pd
import pytest

import coachkit as ck
from coachkit import InputError
from coachkit.analyses import pyramid


@pytest.fixture
def survey():
    return pyramid.read_survey(ck.load_dataset("feedback_survey"))


@pytest.fixture
def tiny():
    return pd.DataFrame({
        "client_id": ["a", "b", "c", "d"],
        "useful": ["5", "2", "4", "1"],
        "I_x": ["5", "2", "4", ""], "I_y": ["4", "2", "4", "1"],
        "II_x": ["5", "1", "4", "1"],
        "III_x": ["4", "3", "", "1"], "III_y": ["5", "3", "", "2"],
    })


def test_cronbach_alpha_hand_computed():
    # items a, b, c over 4 people; sums of squared deviations 5, 4.75, 6.75, so item
    # variances (ddof 1) sum to 16.5/3 = 5.5; totals 4, 7, 10, 13 -> variance 45/3 = 15;
    # alpha = 3/2 * (1 - 5.5/15) = 0.95
    block = pd.DataFrame({"a": [1, 2, 3, 4], "b": [1, 2, 2, 4], "c": [2, 3, 5, 5]})
    assert pyramid.cronbach_alpha(block) == pytest.approx(0.95)
    assert np.isnan(pyramid.cronbach_alpha(block[["a"]]))


def test_missing_answer_rule(tiny):
    s = pyramid.read_survey(tiny)
    scores = pyramid.level_scores(s).set_index("client_id")
    assert scores.loc["d", "I"] == 1.0        # one of two answered: half is enough
    assert np.isnan(scores.loc["c", "III"])   # none answered
    strict = pyramid.level_scores(s, min_answered=1.0).set_index("client_id")
    assert np.isnan(strict.loc["d", "I"])
    m = pyramid.levels_met(s).set_index("client_id")
    assert m.loc["a", "levels_met"] == 3 and np.isnan(m.loc["c", "levels_met"])
    assert m.loc["a", "is_useful"] == 1 and m.loc["b", "is_useful"] == 0


def test_threshold_changes_levels_met(tiny):
    s = pyramid.read_survey(tiny)
    assert pyramid.levels_met(s, threshold=4.0)["levels_met"].tolist()[:2] == [3, 0]
    assert pyramid.levels_met(s, threshold=2.0)["levels_met"].tolist()[:2] == [3, 2]
    with pytest.raises(ValueError, match="threshold"):
        pyramid.levels_met(s, threshold=7)


@pytest.mark.parametrize("mutate,match", [
    (lambda d: d.assign(I_x=["6", "2", "4", ""]), "row 2, column 'I_x'"),
    (lambda d: d.assign(II_x=["good", "1", "4", "1"]), "'good' is not a number"),
    (lambda d: d.drop(columns=["III_x", "III_y"]), "level III has no items"),
    (lambda d: d.drop(columns="useful"), "missing column"),
    (lambda d: d.assign(useful=["5", "", "4", "1"]), "row 3, column 'useful': empty cell"),
    (lambda d: d.assign(client_id=["a", "a", "c", "d"]), "duplicate client_id"),
    (lambda d: d.assign(employed=["1", "2", "0", "0"]), "column 'employed'"),
])
def test_bad_surveys(tiny, mutate, match):
    with pytest.raises(InputError, match=match):
        pyramid.read_survey(mutate(tiny), name="survey.csv")


def test_empty_survey(write):
    with pytest.raises(InputError, match="empty"):
        pyramid.read_survey(write("s.csv", ""))


def test_claim_shows_in_shipped_survey(survey):
    table = pyramid.useful_by_levels_met(survey)
    assert table["n"].sum() == len(survey) and (table["n"] > 0).all()
    assert table["useful_share"].is_monotonic_increasing
    assert table["ci_low"].iloc[-1] > table["ci_high"].iloc[0]
    odds = pyramid.useful_models(survey).iloc[0]
    assert odds["odds_ratio"] > 1 and odds["ci_low"] > 1
    single = pyramid.single_level_models(survey).query("model.str.startswith('only')")
    assert (single["odds_ratio"] > 1).all()


def test_survey_contract(survey):
    raw = ck.load_dataset("feedback_survey")
    assert len(raw) >= 240 and raw["provider"].nunique() >= 6
    assert set(raw["profile"]) <= set(ck.load_dataset("client_profiles")["profile_id"])
    assert raw["hours"].max() <= 50
    assert all(len(v) >= 3 for v in pyramid.level_items(raw.columns).values())
    assert set(ck.load_dataset("pyramid_items")["item"]) == {
        c for v in pyramid.level_items(raw.columns).values() for c in v}


def test_value_without_a_job(survey):
    view = pyramid.employment_view(survey).set_index("employed")
    assert view.loc[0, "n"] > 0
    assert view.loc[0, "useful_share_if_I_and_II"] > 0.6
    assert view.loc[0, "useful_share_if_I_and_II"] > view.loc[0, "useful_share"]


def test_provider_rankings_disagree(survey):
    t = pyramid.provider_table(survey)
    assert (t["rank_change"] != 0).sum() >= 2
    assert t["employment_rate"].between(0, 1).all() and t["pyramid_index"].between(0, 1).all()
    assert t["retention_6m"].between(0, 1).all()


def test_summary_structure(survey):
    s = pyramid.pyramid_summary(survey, threshold=3.5)
    assert [lvl["level"] for lvl in s["levels"]] == ["I", "II", "III"]
    assert all(0 < lvl["alpha"] < 1 for lvl in s["levels"])
    assert [r["levels_met"] for r in s["by_levels_met"]] == [0, 1, 2, 3]
    assert s["odds_ratio_ci"][0] < s["odds_ratio_per_level"] < s["odds_ratio_ci"][1]


def test_degenerate_outcome(tiny):
    s = pyramid.read_survey(tiny.assign(useful="5"))
    with pytest.raises(ValueError, match="same usefulness"):
        pyramid.useful_models(s)


def test_plots(survey):
    ax = pyramid.plot_pyramid(survey, lang="en")
    assert "Value pyramid" in ax.get_title()
    ax = pyramid.plot_likert(survey, "III")
    assert len(ax.get_yticklabels()) == 3
    ax = pyramid.plot_useful_by_levels(pyramid.useful_by_levels_met(survey))
    assert ax.get_xlabel() == "Täyttyneitä tasoja (0–3)"


def test_summary_survives_a_degenerate_survey(tiny):
    s = pyramid.read_survey(tiny.assign(useful="5"))
    out = pyramid.pyramid_summary(s)
    assert out["odds_ratio_per_level"] is None and "same usefulness" in out["odds_ratio_note"]
    assert [r["levels_met"] for r in out["by_levels_met"]] == [0, 1, 2, 3]


def test_perfect_separation_is_reported(tiny):
    # useful exactly when levels are met: the model cannot be estimated
    s = pyramid.read_survey(tiny.assign(useful=["5", "1", "5", "1"]))
    with pytest.raises(ValueError, match="could not be fitted|same value"):
        pyramid.useful_models(s)


def test_figures_write_percent_the_finnish_way():
    import matplotlib.pyplot as plt

    import coachkit as ck
    from coachkit.analyses import pyramid
    s = pyramid.read_survey(ck.load_dataset("feedback_survey"))
    ax = pyramid.plot_pyramid(s)
    shares = [t.get_text().split("\n")[1] for t in ax.texts]
    assert all(x.endswith("\xa0%") and x[:-2].isdigit() for x in shares)
    ax = pyramid.plot_useful_by_levels(pyramid.useful_by_levels_met(s))
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert "20\xa0%" in ticks and not any(t.endswith("0%") for t in ticks)
    plt.close("all")


def test_client_ids_and_providers_are_compared_in_composed_unicode(tmp_path):
    """One id typed on a Mac (decomposed `ä`) and once elsewhere is a duplicate, not two
    clients; a provider in both forms is one provider."""
    import unicodedata

    head = "client_id,provider,useful,I_a,II_a,III_a\n"
    (tmp_path / "s.csv").write_text(
        head + "Mäki-1,Äänekoski,4,4,4,4\n" + unicodedata.normalize("NFD", "Mäki-1,Äänekoski,3,3,3,3\n"),
        encoding="utf-8")
    with pytest.raises(InputError, match="duplicate client_id"):
        pyramid.read_survey(tmp_path / "s.csv")
    (tmp_path / "p.csv").write_text(
        head + "a,Äänekoski,4,4,4,4\n" + unicodedata.normalize("NFD", "b,Äänekoski,3,3,3,3\n"),
        encoding="utf-8")
    assert pyramid.read_survey(tmp_path / "p.csv")["provider"].nunique() == 1


def test_a_half_point_answer_is_named_as_not_whole_not_out_of_range(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text('client_id;useful;I_a;II_a;III_a\nc1;4;4;4;4\nc2;3;"3,5";3;3\n',
                    encoding="utf-8")
    with pytest.raises(InputError, match=r"row 3, column 'I_a': value 3,5 is not a whole number"):
        pyramid.read_survey(path)
