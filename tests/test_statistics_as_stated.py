"""Statistics as stated (issue 19 §5): each number is what its name and docstring say."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm
from statsmodels.stats.inter_rater import cohens_kappa

from coachkit.analyses.agreement import agreement
from coachkit.analyses.benefit import benefit_summary, improved_any, read_benefit
from coachkit.cli import main
from coachkit.datasets import dataset_path, load_dataset


def _coding(pairs):
    return pd.DataFrame([{"segment_id": f"u{i}", "coder": c, "code": v}
                         for i, (a, b) in enumerate(pairs) for c, v in (("A", a), ("B", b))])


def test_cohens_kappa_interval_follows_the_confidence_asked_for():
    data = load_dataset("coach_coding")
    rows = {c: agreement(data, confidence=c, n_boot=50).overall.set_index("metric")
            .loc["cohen_kappa"] for c in (0.80, 0.95, 0.99)}
    widths = {c: r["ci_high"] - r["ci_low"] for c, r in rows.items()}
    assert widths[0.80] < widths[0.95] < widths[0.99]
    wide = data.pivot(index="segment_id", columns="coder", values="code").dropna()
    table = pd.crosstab(wide["A"], wide["B"]).reindex(index=sorted(data["code"].unique()),
                                                      columns=sorted(data["code"].unique()),
                                                      fill_value=0)
    se = cohens_kappa(table.to_numpy()).std_kappa
    assert widths[0.80] == pytest.approx(2 * norm.isf(0.10) * se, rel=1e-9)


@pytest.mark.parametrize("pairs", [[("x", "x")], [("x", "y"), ("y", "x")]])
def test_one_or_two_units_say_too_few_instead_of_a_zero_width_interval(pairs):
    res = agreement(_coding(pairs), n_boot=50)
    chance = res.overall.set_index("metric").loc[["cohen_kappa", "krippendorff_alpha"]]
    assert chance[["ci_low", "ci_high"]].isna().all().all()
    assert (chance["ci_method"] == f"too_few_units:{len(pairs)}").all()
    assert any("too few for an interval" in n for n in res.notes)


def test_three_units_still_get_intervals():
    res = agreement(_coding([("x", "x"), ("y", "y"), ("x", "y")]), n_boot=50)
    assert res.overall["ci_low"].notna().all() and not res.notes


def test_fleiss_kappa_says_which_units_it_used():
    rows = [("u1", "A", "x"), ("u1", "B", "x"), ("u1", "C", "x"),
            ("u2", "A", "y"), ("u2", "B", "y"), ("u2", "C", "x"),
            ("u3", "A", "x"), ("u3", "B", "y"),
            ("u4", "A", "y"), ("u4", "B", "y"), ("u4", "C", "y")]
    res = agreement(pd.DataFrame(rows, columns=["segment_id", "coder", "code"]), n_boot=50)
    assert "fleiss_kappa" in res.overall["metric"].tolist()
    assert any("Fleiss' κ uses the 3 of 4 units" in n for n in res.notes)


def test_character_kappa_of_one_where_undefined_is_said(tmp_path, capsys):
    """Both coders coded the whole text: κ is undefined, shown as 1 (NVivo), with a note."""
    from coachkit.formats.qdpx import project_bytes, stable_guid

    text = "Ensimmäinen kappale.\nToinen kappale.\nKolmas kappale."
    tree = [{"guid": stable_guid("own", c), "name": c} for c in ("x", "y")]
    selections = [(0, len(text), "x", "A"), (0, len(text), "x", "B"), (21, 36, "y", "A")]
    sels = [(a, b, stable_guid("own", c), u, f"{u}{a}{c}") for a, b, c, u in selections]
    project = tmp_path / "p.qdpx"
    project.write_bytes(project_bytes(name="t", tree=tree, users=["A", "B"], excluded=[],
                                      sources=[{"name": "s", "text": text, "selections": sels}],
                                      origin="test"))
    res = agreement(project, codes="own", n_boot=50)
    whole = res.characters[(res.characters["a_only"] == 0) & (res.characters["b_only"] == 0)
                           & (res.characters["neither"] == 0)]
    assert len(whole) == 1 and whole["kappa"].iloc[0] == 1.0
    assert any("κ is undefined there and is shown as 1, as NVivo" in n for n in res.notes)
    assert main(["themes", "agreement", str(project), "--codes", "own"]) == 0
    assert "as NVivo's coding comparison does" in capsys.readouterr().err


def test_improved_any_counts_as_benefit_summary_does():
    data = read_benefit(load_dataset("benefit_ratings"))
    silent = data["client_id"] == data["client_id"].iloc[0]
    data.loc[silent, "after"] = np.nan     # this coachee has no change score in any area
    employed = bool(data.loc[silent, "employed"].iloc[0])
    any_ = improved_any(data).set_index("employed").loc[employed]
    summary = benefit_summary(data)
    assert any_["no_score_n"] == 1
    assert any_["n"] == summary.loc[summary["employed"] == employed, "n"].max()


def test_saturation_threshold_is_printed_as_given(capsys):
    assert main(["themes", "saturation", str(dataset_path("source_corpus")), "--threshold",
                 "0.025", "--orders", "5"]) == 0
    out = capsys.readouterr().out
    assert "kynnys 2,5\xa0%" in out and "2%" not in out and "2\xa0%" not in out  # CLDR: no-break space
    assert main(["themes", "saturation", str(dataset_path("source_corpus")), "--threshold",
                 "0.025", "--orders", "5", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "threshold 2.5%" in out and " 2%" not in out and "3%" not in out  # CLDR English
