import numpy as np
import pytest

from coachkit.models import selection


@pytest.fixture(scope="module")
def default_run():
    return selection.simulate(reps=500, seed=3)


def test_calibration_routine_reproduces_the_stored_file():
    fresh = selection.calibrate()
    stored = selection.load_calibration()
    for k, v in fresh["parameters"].items():
        assert stored["parameters"][k] == pytest.approx(v, abs=1e-6), k
    assert stored["targets"] == fresh["targets"]
    for k, target in fresh["targets"].items():
        assert fresh["achieved"][k] == pytest.approx(target["value"], abs=1e-4)


def test_calibrated_targets_hold_in_sampled_runs(default_run):
    s = default_run.summary.set_index(["strategy", "coach"])
    assert s.loc[("tightened", False), "employment_rate"] == pytest.approx(0.25, abs=0.01)
    assert s.loc[("tightened", True), "employment_rate"] == pytest.approx(0.44, abs=0.01)


def test_job_club_conversion_near_81_percent():
    params = selection.SelectionParams.calibrated()
    rng = np.random.default_rng(11)
    pool = selection.draw_applicants(params, 400, rng)
    group = selection._gather(pool, selection.admit(pool, selection.STRATEGIES["tightened"],
                                                    params.places))
    p_c, p_ec, _, p_club, *_ = selection._probabilities(group, params, True)
    completed = group["u_complete"] < p_c
    employed = group["u_employ"] < p_ec
    joins = completed & ~employed & (group["u_join"] < params.club_participation)
    converted = joins & (group["u_club"] < p_club)
    assert converted.sum() / joins.sum() == pytest.approx(0.81, abs=0.02)


@pytest.mark.parametrize("seed", [0, 7])
def test_study_orderings_emerge(seed):
    res = selection.simulate(reps=500, seed=seed)
    checks = selection.check_orderings(res.summary)
    assert checks["holds"].all(), checks


def test_job_club_raises_employment(default_run):
    club = selection.simulate(reps=500, seed=3, job_club=True).summary
    assert (club["employment_rate"].to_numpy() > default_run.summary["employment_rate"].to_numpy()).all()


def test_metrics_are_consistent(default_run):
    s = default_run.summary
    assert (s["admitted"] == 100).all()
    assert ((s["employment_rate_range95_low"] <= s["employment_rate"])
            & (s["employment_rate"] <= s["employment_rate_range95_high"])).all()
    assert s["employed"].to_numpy() == pytest.approx(s["employment_rate"].to_numpy() * 100)
    assert (s["disadvantaged_employed"] <= s["employed"]).all()
    assert (s["four_fifths_ok"] == (s["selection_rate_ratio"] >= 0.8)).all()
    no_coach = s.loc[~s["coach"]]
    assert (no_coach["coach_hours_available"] == 0).all() and no_coach["hours_per_employment"].isna().all()


def test_common_random_numbers_and_seed():
    a = selection.simulate(reps=50, seed=5).summary
    b = selection.simulate(reps=50, seed=5).summary
    assert a.equals(b)
    c = selection.simulate(reps=50, seed=6).summary
    assert not a["employment_rate"].equals(c["employment_rate"])
    # the same pools for every strategy: running one strategy alone gives the same numbers
    only_a = selection.simulate(reps=50, seed=5, strategies=["tightened"]).summary
    expected = a.query("strategy == 'tightened'")["employment_rate"].tolist()
    assert only_a["employment_rate"].tolist() == expected


def test_support_thins_when_capacity_is_short():
    thin = selection.simulate(selection.SelectionParams.calibrated(coach_fte=0.25), reps=100).summary
    full = selection.simulate(selection.SelectionParams.calibrated(coach_fte=3), reps=100).summary
    assert (thin.query("coach")["support"] < 1).all()
    assert (full.query("coach")["support"] == 1).all()
    assert (full.query("coach")["employment_rate"].to_numpy()
            > thin.query("coach")["employment_rate"].to_numpy()).all()


def test_more_work_based_learning_helps():
    low = selection.simulate(selection.SelectionParams.calibrated(wbl_share=0.2), reps=100).summary
    high = selection.simulate(selection.SelectionParams.calibrated(wbl_share=0.8), reps=100).summary
    assert (high["employment_rate"].to_numpy() > low["employment_rate"].to_numpy()).all()


def test_custom_strategy():
    custom = selection.Strategy("custom", 0.5, min_score_quantile=0.3)
    s = selection.simulate(reps=50, strategies=[custom, "tightened"]).summary
    assert s["strategy"].tolist()[:2] == ["custom", "custom"]
    assert (s["admitted"] == 100).all()


def test_admission_rules():
    params = selection.SelectionParams.calibrated(applicants=50, places=10)
    pool = selection.draw_applicants(params, 20, np.random.default_rng(0))
    a = selection.admit(pool, selection.STRATEGIES["tightened"], 10)
    best = np.sort(pool["score"], axis=1)[:, -10:]
    chosen = np.sort(np.take_along_axis(pool["score"], a, axis=1), axis=1)
    assert np.array_equal(best, chosen)
    c = selection.admit(pool, selection.STRATEGIES["open"], 10)
    best_i = np.sort(pool["interview"], axis=1)[:, -10:]
    assert np.array_equal(best_i, np.sort(np.take_along_axis(pool["interview"], c, axis=1), axis=1))
    b = selection.admit(pool, selection.STRATEGIES["loosened"], 10)
    assert all(len(set(row)) == 10 for row in b)


@pytest.mark.parametrize("changes,match", [
    ({"coach_fte": -1}, "coach_fte"), ({"places": 400}, "cannot exceed"),
    ({"applicants": 0}, "applicants"), ({"wbl_share": 1.5}, "wbl_share"),
    ({"club_participation": -0.1}, "club_participation"),
])
def test_bad_parameters(changes, match):
    with pytest.raises(ValueError, match=match):
        selection.SelectionParams.calibrated(**changes)


def test_bad_strategy_and_reps():
    with pytest.raises(ValueError, match="share_motivation"):
        selection.Strategy("x", 2)
    with pytest.raises(ValueError, match="strategy"):
        selection.simulate(reps=10, strategies=["lottery"])
    with pytest.raises(ValueError, match="reps"):
        selection.simulate(reps=0)


def test_records_contract(default_run):
    recs = default_run.records()
    assert len(recs) == 6
    keys = {"strategy", "coach", "admitted", "disadvantaged_admitted_share", "selection_rate_ratio",
            "completion_rate", "employment_rate", "employment_rate_range95", "employed",
            "disadvantaged_employed", "coach_hours_needed", "coach_hours_available"}
    assert keys <= set(recs[0])
    assert {r["strategy"] for r in recs} == {"tightened", "loosened", "open"}
    assert all(isinstance(r["coach"], bool) and len(r["employment_rate_range95"]) == 2 for r in recs)


def test_plots(default_run):
    ax = selection.plot_employment_equity(default_run.summary, lang="en")
    assert ax.get_ylabel() == "Employed among admitted"
    ax = selection.plot_coach_hours(default_run.summary)
    assert len(ax.patches) == 3


def test_every_parameter_is_explained():
    from dataclasses import fields

    table = selection.params_table(selection.SelectionParams.calibrated())
    assert len(table) == len(fields(selection.SelectionParams))
    assert (table["meaning"] != "").all() and (table["source"] != "").all()


def test_calibration_table_for_readers():
    """Targets come from the stored calibration, cited, shown as Finnish percentages."""
    from coachkit.display.tables import display_frame
    cal = selection.load_calibration()
    t = selection.calibration_table(cal)
    assert list(t["target"]) == list(cal["targets"])
    assert t["target_value"].tolist() == [v["value"] for v in cal["targets"].values()]
    assert all(c.startswith("Pikkusaari 2012, luku 4.") for c in t["cite"])
    shown = display_frame(t, percent=("target_value", "achieved"))
    assert shown.iloc[0].tolist()[:2] == ["Työllistyneet, valintatapa A ilman valmentajaa", "25,0\xa0%"]
    assert not any("_" in str(v) for v in shown.to_numpy().ravel())


def test_figures_use_finnish_numbers():
    import matplotlib.pyplot as plt
    r = selection.simulate(reps=20, seed=1)
    ax = selection.plot_coach_hours(r.summary)
    ax.figure.canvas.draw()
    # thousands apart with a space (CLDR's no-break space)
    assert any(t.get_text().replace("\xa0", " ") == "1 000" for t in ax.get_yticklabels())
    hours = int(r.summary.loc[r.summary["coach"], "coach_hours_available"].iloc[0])
    assert hours >= 1000 and ax.texts[0].get_text().endswith(f"{hours // 1000}\xa0{hours % 1000:03d} h")
    ax = selection.plot_employment_equity(r.summary)
    ax.figure.canvas.draw()
    assert all(t.get_text().replace("\xa0", " ").endswith(" %") for t in ax.get_yticklabels()
               if t.get_text())
    plt.close("all")


def test_parameter_table_in_english():
    """Notebook 03's parameter table in English: decimal points, English meanings and sources
    (the citation in English too)."""
    from coachkit.i18n import stray_words

    table = selection.params_table(selection.SelectionParams(), "en").set_index("parameter")
    assert not table["value"].str.contains(r"\d,(?!\d{3}\b)\d").any()  # 1,600 groups thousands
    assert table.loc["hours_per_fte", "value"] == "1,600"
    assert stray_words(" ".join(table["meaning"]) + " ".join(table["source"]), "en") == []
    assert table.loc["wbl_share", "source"].endswith("Pikkusaari 2012, ch. 4.3")
    assert table.loc["employment_intercept", "source"].startswith("calibrated: 25%")
    fi = selection.params_table(selection.SelectionParams()).set_index("parameter")
    assert fi.loc["score_noise", "source"] == "oletus" and "," in fi.loc["wbl_share", "value"]
