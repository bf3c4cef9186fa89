import pandas as pd
import pytest

import coachkit as ck
from coachkit import InputError


@pytest.fixture
def segs():
    rows = []
    for i in range(6):
        rows.append(("K", f"k{i}", "docs"))
        if i < 5:
            rows.append(("K", f"k{i}", "load"))
    for i in range(6):
        rows.append(("V", f"v{i}", "employer"))
        if i == 0:
            rows.append(("V", f"v{i}", "load"))
    return pd.DataFrame(rows, columns=["group", "respondent", "code"])


def test_compare_groups_by_hand(segs):
    t = ck.compare_groups(segs).set_index("code")
    assert t.loc["load", ["n_a", "docs_a", "n_b", "docs_b"]].tolist() == [5, 6, 1, 6]
    assert t.loc["load", "difference"] == pytest.approx(4 / 6)
    from scipy.stats import fisher_exact
    assert t.loc["load", "p_exact"] == pytest.approx(fisher_exact([[5, 1], [1, 5]])[1])
    assert (t["p_holm"] >= t["p_exact"]).all()
    assert t.loc["docs", "share_a"] == 1 and t.loc["docs", "share_b"] == 0


def test_compare_groups_errors(segs):
    with pytest.raises(InputError, match="exactly two groups"):
        ck.compare_groups(pd.concat([segs, pd.DataFrame([("X", "x1", "docs")], columns=segs.columns)]))
    bad = segs.copy()
    bad.loc[0, "group"] = "V"
    with pytest.raises(InputError, match="more than one group"):
        ck.compare_groups(bad)


def test_plot_prevalence(segs):
    ax = ck.plot_prevalence(ck.compare_groups(segs))
    assert ax.get_xlabel() == "Osuus vastaajista"


def test_compare_groups_labels_name_their_values(segs):
    """The label of each count column says what it counts: group size is constant per group."""
    from coachkit.i18n import t as text
    t = ck.compare_groups(segs)
    for side in ("a", "b"):
        assert t[f"docs_{side}"].nunique() == 1            # group size: same on every row
        assert t[f"n_{side}"].nunique() > 1                # users of the code: varies by code
        assert text(f"column.docs_{side}", "fi").startswith("Vastaajia")
        assert text(f"column.n_{side}", "fi").startswith("Koodin käyttäjiä")
        assert "with code" in text(f"column.n_{side}", "en")
