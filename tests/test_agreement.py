import numpy as np
import pandas as pd
import pytest

import coachkit as ck
from coachkit import InputError
from coachkit.agreement import band_label


def test_hand_computed_kappa(two_coders):
    res = ck.agreement(two_coders, n_boot=50)
    o = res.overall.set_index("metric")
    assert o.loc["percent_agreement", "estimate"] == pytest.approx(0.8)
    # by hand: p_o = 4/5; marginals A: x2 y2 z1, B: x1 y3 z1
    # p_e = (2*1 + 2*3 + 1*1)/25 = 9/25; kappa = (0.8-0.36)/(1-0.36)
    assert o.loc["cohen_kappa", "estimate"] == pytest.approx((0.8 - 0.36) / 0.64)
    assert o.loc["cohen_kappa", "ci_low"] < o.loc["cohen_kappa", "estimate"] < o.loc["cohen_kappa", "ci_high"]
    assert res.confusion.loc["x", "y"] == 1
    assert res.disagreements["segment_id"].tolist() == ["u3"]


def test_hand_computed_alpha(two_coders):
    # Nominal alpha from the coincidence matrix: n = 10 pairable values,
    # n_x=3, n_y=5, n_z=2; observed disagreement D_o = 2/10; expected
    # D_e = (n^2 - sum n_c^2) / (n (n-1)) = (100 - 38) / 90.
    res = ck.agreement(two_coders, n_boot=50)
    alpha = res.overall.set_index("metric").loc["krippendorff_alpha", "estimate"]
    assert alpha == pytest.approx(1 - (2 / 10) / (62 / 90))


def test_perfect_agreement():
    df = pd.DataFrame({"segment_id": ["1", "1", "2", "2", "3", "3"], "coder": ["A", "B"] * 3,
                       "code": ["p", "p", "q", "q", "r", "r"]})
    o = ck.agreement(df, n_boot=20).overall.set_index("metric")
    assert o.loc["cohen_kappa", "estimate"] == pytest.approx(1)
    assert o.loc["krippendorff_alpha", "estimate"] == pytest.approx(1)
    assert o.loc["cohen_kappa", "interpretation"] == "reliable"  # one scale for κ and α


def test_three_coders_use_fleiss(rng):
    codes = rng.choice(list("abc"), size=30)
    rows = [{"segment_id": i, "coder": c, "code": codes[i] if c != "C" or i % 5 else "a"}
            for i in range(30) for c in "ABC"]
    res = ck.agreement(pd.DataFrame(rows).astype(str), n_boot=20)
    assert res.overall["metric"].tolist()[1] == "fleiss_kappa"
    assert res.coders == ["A", "B", "C"]


def test_by_code_binary_agreement(two_coders):
    by = ck.agreement(two_coders, n_boot=20).by_code.set_index("code")
    # code z: both coders used it on u4 only -> perfect specific agreement
    assert by.loc["z", "specific_agreement"] == pytest.approx(1.0)
    # code x: A used it on u1, u3; B on u1 -> 2*1 / (2 + 1)
    assert by.loc["x", "specific_agreement"] == pytest.approx(2 / 3)
    assert by.loc["x", "n_segments"] == 2


def test_bootstrap_is_seeded(two_coders):
    a = ck.agreement(two_coders, n_boot=100, random_state=1).overall
    b = ck.agreement(two_coders, n_boot=100, random_state=1).overall
    pd.testing.assert_frame_equal(a, b)


def test_shipped_coding_is_neither_perfect_nor_random():
    o = ck.agreement(ck.load_dataset("coach_coding"), n_boot=100).overall.set_index("metric")
    assert 0.6 < o.loc["cohen_kappa", "estimate"] < 0.9
    assert o.loc["cohen_kappa", "ci_low"] > 0.4


@pytest.mark.parametrize("value,band", [(-0.2, "poor"), (0.1, "slight"), (0.3, "fair"),
                                        (0.5, "moderate"), (0.7, "substantial"), (0.95, "almost perfect"),
                                        (np.nan, "undefined")])
def test_kappa_bands(value, band):
    assert ck.interpret_kappa(value) == band


def test_band_labels():
    assert band_label("substantial") == "huomattava"
    assert band_label("substantial", "en") == "substantial"


def test_read_coding_errors(two_coders):
    with pytest.raises(InputError, match="duplicate segment_id and coder"):
        ck.read_coding(pd.concat([two_coders, two_coders.iloc[[0]]]))
    with pytest.raises(InputError, match="only one coder"):
        ck.read_coding(two_coders.assign(coder="A").drop_duplicates("segment_id"))
    lonely = pd.DataFrame({"segment_id": ["1", "2"], "coder": ["A", "B"], "code": ["x", "y"]})
    with pytest.raises(InputError, match="no segment was coded by two coders"):
        ck.read_coding(lonely)


def test_plot_confusion(two_coders):
    res = ck.agreement(two_coders, n_boot=20)
    ax = ck.plot_confusion(res, lang="en", names={"x": "Ex"})
    assert ax.get_xlabel() == "Coder B"
    assert "Ex" in [t.get_text() for t in ax.get_yticklabels()]


def test_one_coder_uses_a_single_code():
    df = pd.DataFrame({"segment_id": [str(i) for i in range(6) for _ in (0, 1)],
                       "coder": ["A", "B"] * 6, "code": [c for c in "xyzxyz" for c in (c, "x")]})
    o = ck.agreement(df, n_boot=20).overall.set_index("metric")
    assert o.loc["cohen_kappa", "estimate"] == pytest.approx(0.0)
