import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachkit.analyses.stars import ALTERNATIVE_RULES, DEFAULT_RULE, StarRule, star_symbols


def test_default_rule_bins():
    counts = np.arange(0, 15)
    expected = [0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4]
    assert DEFAULT_RULE.apply(counts).tolist() == expected


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=2, max_size=50),
       st.lists(st.integers(min_value=1, max_value=60), min_size=4, max_size=4, unique=True))
def test_star_rule_is_monotone_in_count(counts, thresholds):
    rule = StarRule(tuple(sorted(thresholds)))
    counts = sorted(counts)
    stars = rule.apply(counts)
    assert np.all(np.diff(stars) >= 0)
    assert stars.min() >= 0 and stars.max() <= 4
    assert (stars == 0).tolist() == [c < min(thresholds) for c in counts]


@given(st.floats(min_value=0, max_value=1), st.floats(min_value=0, max_value=1))
def test_share_rule_monotone(a, b):
    rule = ALTERNATIVE_RULES[-1]
    lo, hi = sorted([a, b])
    assert rule.apply([lo])[0] <= rule.apply([hi])[0]


@pytest.mark.parametrize("text", ["1,3,6", "3,2,6,10", "0,3,6,10", "a,b,c,d", "1,3,6,10,12",
                                  "1.5,3,6,10"])
def test_bad_rules_are_refused(text):
    with pytest.raises(ValueError):
        StarRule.parse(text)


def test_parse_accepts_semicolons_and_share():
    assert StarRule.parse("1;2;4;7").thresholds == (1, 2, 4, 7)
    share = StarRule.parse("0.05,0.1,0.2,0.3", basis="share")
    assert share.apply([0, 0.05, 0.5]).tolist() == [0, 1, 4]
    with pytest.raises(ValueError, match="between 0 and 1"):
        StarRule.parse("0.1,0.2,0.3,2", basis="share")


def test_interval_and_symbols():
    assert DEFAULT_RULE.interval(2) == (3, 6)
    assert DEFAULT_RULE.interval(4) == (10, None)
    assert star_symbols([0, 1, 4]) == ["", "*", "****"]


def test_the_share_rule_has_one_name():
    """The command line's ``--basis share`` and the sensitivity view use the same rule."""
    from coachkit.analyses.stars import SHARE_RULE

    assert SHARE_RULE in ALTERNATIVE_RULES and SHARE_RULE.basis == "share"
    assert SHARE_RULE.thresholds == (0.01, 0.1, 0.2, 0.3)
    assert SHARE_RULE.title("en") == "share 1/10/20/30 %" and SHARE_RULE.title("fi").startswith("osuus")
