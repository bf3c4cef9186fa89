import pandas as pd
import pytest

import coachkit as ck
from coachkit import InputError
from coachkit.analyses import fidelity
from coachkit.display.tables import display_frame


def ratings(scores):
    return pd.DataFrame({"item": range(1, 26), "score": scores})


def test_item_catalogue():
    items = ck.load_dataset("ips25_items")
    assert items["item"].tolist() == list(range(1, 26))
    assert items.groupby("section", sort=False).size().to_dict() == {
        "staffing": 3, "organization": 8, "services": 14}
    assert items["verified"].str.len().gt(0).all()


@pytest.mark.parametrize("total,band", [(125, "exemplary"), (115, "exemplary"), (114, "good"),
                                        (100, "good"), (99, "fair"), (74, "fair"),
                                        (73, "not_supported"), (25, "not_supported")])
def test_bands_at_the_cuts(total, band):
    assert fidelity.band_of(total) == band
    # build a rating set with exactly this total
    scores = [1] * 25
    rest = total - 25
    for i in range(25):
        add = min(4, rest)
        scores[i] += add
        rest -= add
    res = fidelity.fidelity_score(ratings(scores))
    assert res.total == total and res.band == band


def test_sections_and_weakest_first():
    scores = [5] * 25
    scores[16] = 1  # item 17
    res = fidelity.fidelity_score(ratings(scores))
    assert res.sections == {"staffing": 15, "organization": 40, "services": 66}
    assert res.items.iloc[0]["item"] == 17
    assert res.to_dict()["weakest_items"] == [17]


def test_shuffled_rows_and_extra_columns():
    df = ratings([3] * 25).sample(frac=1, random_state=1).assign(comment="x")
    assert fidelity.fidelity_score(df).total == 75


@pytest.mark.parametrize("mutate,match", [
    (lambda d: d.iloc[:-1], "missing item"),
    (lambda d: pd.concat([d, d.iloc[[0]]]), "duplicate item"),
    (lambda d: d.assign(score=[6] + [3] * 24), "row 2, column 'score'"),
    (lambda d: d.assign(score=[0] + [3] * 24), "out of range"),
    (lambda d: d.assign(item=[26] + list(range(2, 26))), "column 'item'"),
    (lambda d: d.assign(score=["hyvä"] + [3] * 24), "not a number"),
    (lambda d: d.drop(columns="score"), "missing column"),
])
def test_bad_ratings(mutate, match):
    with pytest.raises(InputError, match=match):
        fidelity.read_ratings(mutate(ratings([3] * 25)).astype(str))


def test_compare_assessments_and_shipped_pair():
    before = ck.load_dataset("ips_ratings_before")
    after = ck.load_dataset("ips_ratings_after")
    b, a = fidelity.fidelity_score(before), fidelity.fidelity_score(after)
    assert b.band == "fair" and a.band in {"good", "exemplary"}
    diff = fidelity.compare_assessments(before, after)
    assert diff["change"].sum() == a.total - b.total
    assert diff["change"].is_monotonic_decreasing


def test_total_out_of_range():
    with pytest.raises(ValueError, match="between 25 and 125"):
        fidelity.band_of(130)


def test_plot_fidelity():
    r = fidelity.fidelity_score(ratings([4] * 25))
    ax = fidelity.plot_fidelity(r, other=fidelity.fidelity_score(ratings([2] * 25)), lang="en")
    assert ax.get_title() == "IPS-25 self-assessment"
    assert len(ax.get_lines()) == 2


def test_finnish_page_shows_sections_and_items_in_finnish():
    f = fidelity.fidelity_score(ck.load_dataset("ips_ratings_before"))
    line = fidelity.sections_line(f.sections)
    assert line.startswith(f"Henkilöstö {f.sections['staffing']}/15, Organisaatio ")
    assert line.endswith("/70") and "staffing" not in line and "{" not in line
    shown = display_frame(fidelity.for_display(f.items), "fi")
    assert list(shown.columns) == ["Kohta", "Osa-alue", "Nimi", "Pisteet"]
    assert "Name" in display_frame(fidelity.for_display(f.items, "en"), "en").columns
