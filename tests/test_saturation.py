import numpy as np
import pandas as pd
import pytest

import coachkit as ck


@pytest.fixture
def docs():
    # d1..d4 (base) hold codes a-e; d5 adds f; d6 adds nothing; d7, d8 nothing
    rows = {"d1": "abc", "d2": "bd", "d3": "e", "d4": "a", "d5": "f", "d6": "ab", "d7": "c", "d8": "d"}
    return pd.DataFrame([(d, c) for d, codes in rows.items() for c in codes],
                        columns=["respondent", "code"])


def test_guest_rule_by_hand(docs):
    p = ck.saturation_point(docs, base=4, run=2, threshold=0.0)
    # base has 5 codes; run d5-d6 brings 1 new (20 %); run d6-d7 brings 0 -> saturated
    assert p["base_codes"] == 5
    assert p["runs"]["new_codes"].tolist() == [1, 0]
    assert p["runs"][["run_start", "run_end"]].values.tolist() == [[5, 6], [6, 7]]
    assert p["saturated"] and p["n_documents"] == 5
    loose = ck.saturation_point(docs, base=4, run=2, threshold=0.2)
    assert loose["n_documents"] == 4


def test_never_saturated(docs):
    p = ck.saturation_point(docs.assign(code=docs["respondent"]), base=2, run=2, threshold=0.0)
    assert not p["saturated"] and p["n_documents"] is None


def test_order_and_errors(docs):
    p = ck.saturation_point(docs, base=2, run=1, order=["d5", "d1", "d2", "d3", "d4", "d6", "d7", "d8"])
    assert p["base_codes"] == 4
    with pytest.raises(ValueError, match="unknown document"):
        ck.saturation_point(docs, order=["zz"])
    with pytest.raises(ValueError, match="needs more documents"):
        ck.saturation_point(docs, base=7, run=2)


def test_curve_properties(docs):
    c = ck.saturation_curve(docs, n_orders=200, random_state=3)
    assert (np.diff(c["mean"]) >= 0).all()
    assert (c["low"] <= c["mean"]).all() and (c["mean"] <= c["high"]).all()
    assert c["mean"].iloc[-1] == 6 and c["observed"].iloc[-1] == 6
    assert c["observed"].tolist()[:5] == [3, 4, 5, 5, 6]


def test_points_distribution(docs):
    pts = ck.saturation_points(docs, base=4, run=2, threshold=0.0, n_orders=50, random_state=0)
    assert len(pts) == 50
    assert pts["n_documents"].dropna().between(4, 7).all()


def test_plot_saturation(docs):
    ax = ck.plot_saturation(ck.saturation_curve(docs, n_orders=20), point=5, lang="en")
    assert ax.get_xlabel() == "Documents read"


def test_order_takes_integer_ids_and_refuses_a_document_twice():
    numbered = pd.DataFrame({"respondent": [1, 1, 2, 3, 4, 5, 6], "code": list("abcadef")})
    as_int = ck.saturation_point(numbered, base=2, run=1, order=[3, 2, 1, 4, 5, 6])
    as_text = ck.saturation_point(numbered, base=2, run=1, order=["3", "2", "1", "4", "5", "6"])
    assert as_int["base_codes"] == as_text["base_codes"] == 2  # d3 {a}, d2 {c}
    assert as_int["runs"].equals(as_text["runs"])
    with pytest.raises(ValueError, match="more than once: 1"):
        ck.saturation_point(numbered, base=2, run=1, order=[1, 2, 1, 3])
    with pytest.raises(ValueError, match="unknown document"):
        ck.saturation_point(numbered, order=[1, 2, 99])
