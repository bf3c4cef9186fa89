
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coachkit as ck
from coachkit.models import orientations as o


@pytest.fixture(scope="module")
def events():
    return ck.load_dataset("orientation_journeys")


@pytest.fixture(scope="module")
def summary(events):
    return o.journey_summary(events)


def test_shipped_journeys_equal_the_generator(events):
    fresh = o.simulate_journeys()
    pd.testing.assert_frame_equal(fresh.reset_index(drop=True), events, check_dtype=False)


def test_every_client_has_every_orientation_and_one_outcome(events):
    n = events.groupby(["client_id", "orientation"]).size()
    assert len(n) == 7 * 5 * 3
    outcomes = events[events["kind"] == "outcome"].groupby(["client_id", "orientation"]).size()
    assert (outcomes == 1).all() and len(outcomes) == len(n)
    assert set(events.loc[events["kind"] == "phase", "what"]) <= set(o.PHASES)
    assert set(events.loc[events["kind"] == "outcome", "what"]) <= set(o.OUTCOMES)
    assert (events["end_week"] >= events["start_week"]).all()
    assert events["end_week"].max() <= o.HORIZON


def test_employment_centred_rules_hold_for_every_client(events, summary):
    """Search within about a month; follow-up a week before and within 3 days of a job (luku 4.2)."""
    emp = summary[summary["orientation"] == "tyollistymiskeskeinen"]
    assert (emp["search_start_week"] <= 4).all()
    ev = events[events["orientation"] == "tyollistymiskeskeinen"]
    for client, g in ev.groupby("client_id"):
        jobs = g[(g["kind"] == "phase") & (g["what"] == "employed_supported")]["start_week"]
        contacts = set(g.loc[g["kind"] == "contact", "start_week"].round(1))
        for start in jobs:
            assert start - 1 in contacts or start - 1 < 0, client
            assert any(start < c <= start + 3 / 7 + 0.05 for c in contacts), client


def test_coaching_centred_support_stops_when_work_starts(events, summary):
    cc = summary[summary["orientation"] == "valmennuskeskeinen"]
    employed = cc[cc["outcome"] == "employed"]
    assert (employed["support_end_week"] == employed["job_start_week"]).all()
    ev = events[events["orientation"] == "valmennuskeskeinen"]
    assert "employed_supported" not in set(ev["what"])
    # exactly one check, 3–6 months (13–26 weeks) after the coaching period
    checks = ev[ev["what"] == "check"].groupby("client_id")["start_week"]
    assert (checks.size() <= 1).all()


def test_assessing_ends_in_a_statement_not_a_job(summary):
    a = summary[summary["orientation"] == "arvioiva"]
    assert set(a["outcome"]) <= {"referral_job_search", "referral_service", "pension_assessment"}
    assert a["search_start_week"].isna().all()
    assert (a["support_weeks"] <= 12).all()


def test_support_lasts_longest_in_the_employment_centred_orientation(events):
    s = o.orientation_summary(events).set_index("orientation")
    assert s.loc["tyollistymiskeskeinen", "median_support_weeks"] > s.loc["valmennuskeskeinen",
                                                                           "median_support_weeks"]
    assert s.loc["arvioiva", "median_support_weeks"] < s.loc["valmennuskeskeinen",
                                                             "median_support_weeks"]


def test_follow_up_schedule():
    w = o.follow_up_weeks(20)
    assert w[:6] == [19, 20.4, 21, 22, 23, 24]
    assert max(w) == 72 and len(w) == 17
    assert o.follow_up_weeks(100) == [99, 100.4, 101, 102, 103, 104]


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**31 - 1))
def test_any_seed_gives_a_valid_journey_set(seed):
    ev = o.simulate_journeys(seed, per_profile=1)
    s = o.journey_summary(ev)
    assert len(s) == 21
    emp = s[s["orientation"] == "tyollistymiskeskeinen"]
    assert (emp["search_start_week"] <= 4).all()
    assert (s["support_weeks"] >= 0).all() and (s["support_weeks"] <= o.HORIZON).all()


def test_bad_events_are_one_line():
    with pytest.raises(ValueError, match="missing column"):
        o.journey_summary(pd.DataFrame({"client_id": [1]}))
    ev = o.simulate_journeys(1, per_profile=1).assign(orientation="muu")
    with pytest.raises(ValueError, match="unknown orientation 'muu'"):
        o.journey_summary(ev)


def test_ips_coverage_is_complete_and_cited():
    c = o.ips_coverage()
    assert len(c) == 75 and set(c["status"]) <= set(o.STATUSES)
    described = c[c["status"] != "not_described"]
    assert (described["reason"] != "").all()
    assert described["cite"].str.match(r"^Pikkusaari 2012, luku 4\.[1-5]$").all()
    counts = o.ips_counts()
    assert counts.sum(axis=1).eq(25).all()
    assert counts.loc["tyollistymiskeskeinen", "meets"] > counts.loc["valmennuskeskeinen", "meets"]


@pytest.mark.parametrize("name", ["orientations", "orientation_ips25"])
def test_every_cited_row_rests_on_claims_of_the_chapter_it_shows(name):
    """Each row's note holds claim ids (their lines are checked in test_sources); the
    chapter shown to people is the claims' chapter."""
    from coachkit.reference.sources import CLAIMS, cite_note

    for row in ck.load_dataset(name).itertuples():
        ids = [i.strip() for i in row.source_note.split(";")]
        assert ids and all(i in CLAIMS for i in ids), row
        chapters = {loc.chapter for i in ids for loc in CLAIMS[i].at}
        assert chapters <= {"4.1", "4.2", "4.4", "4.5"}, row
        assert all(f"luku {c}" in cite_note(row.source_note) for c in chapters), row


def test_ips_coverage_names_the_claim_behind_each_reason():
    c = o.ips_coverage()
    described = c[c["status"] != "not_described"]
    assert (described["claim"] != "").all()
    assert (c.loc[c["status"] == "not_described", "claim"] == "").all()


def test_one_follow_up_rule_for_timelines_and_plans():
    """The orientations' timeline and the coaching-year plan count the same 17 meetings."""
    from coachkit.models import planning
    weeks = o.follow_up_weeks(0, until=10_000)
    months = planning.followup_schedule(1)
    assert len(weeks) == len(months) == len(o.follow_up_meetings()) == 17
    assert [m for m, _ in o.follow_up_meetings()] == months["meeting"].tolist()
    # the same times, in two units (52 weeks = 12 months)
    assert np.allclose(np.array(weeks) * 12 / 52, months["month"], atol=0.01)


def test_table_and_figure(events):
    t = o.orientation_table()
    assert t["orientation_id"].tolist() == list(o.ORIENTATIONS)
    assert t["cite"].str.startswith("Pikkusaari 2012, luku 4.").all()
    fig = o.plot_timeline(events, clients=["P1-01", "P6-02"])
    assert len(fig.axes) == 3
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["P1-01 irtisanottu osaaja", "P6-02 pitkäaikaistyötön"]
    assert fig.axes[0].get_title(loc="left") == "Valmennuskeskeinen"
    assert np.isclose(fig.axes[-1].get_xlim()[1], o.HORIZON)


def test_english_figure_and_assumptions_are_english(events):
    """The timeline's phases, marks, axis and profiles, and the assumption table, in English:
    no Finnish catalogue text, numbers with a decimal point."""
    from tests.support.figures import figure_text

    from coachkit.i18n import stray_words

    fig = o.plot_timeline(events, clients=["P1-01", "P6-02"], lang="en")
    shown = figure_text(fig)
    assert stray_words(shown, "en") == []
    assert "Weeks from the start of support" in shown and "P1-01 laid-off skilled" in shown
    assert "follow-up meeting" in shown and "support ends without a job" in shown
    table = o.assumption_table("en")
    assert not table["value"].str.contains(r"\d,\d").any()
    assert stray_words(" ".join(table["meaning"]), "en") == []
    assert table.set_index("parameter").loc["own_hazard", "value"] == "0.006"
    assert o.assumption_table().set_index("parameter").loc["own_hazard", "value"] == "0,006"
    assert o.ips_table("en").iloc[:, 2:].isin(["meets", "partly", "does not meet",
                                               "not described"]).all().all()


def test_orientation_words_follow_the_language():
    """The kit's words on the orientations (what starts, stops, follows, where it ends, and why
    each IPS-25 item is or is not met) are catalogue keys: English in English, Finnish in Finnish;
    the data files keep ids, names in every language and claims."""
    import re

    from coachkit.i18n import stray_words

    aspects = ["starts", "stops", "follow_up", "ends_in"]
    fi, en = o.orientation_table("fi"), o.orientation_table("en")
    assert (fi[aspects] != en[aspects]).all().all()
    english = " ".join(en[aspects].stack())
    assert not re.search("[äöÄÖ]", english) and stray_words(english, "en") == []
    assert "viimeistään" in fi.set_index("orientation_id").loc["valmennuskeskeinen", "stops"]
    cov_fi, cov_en = o.ips_coverage("fi"), o.ips_coverage("en")
    described = cov_en["status"] != "not_described"
    assert described.sum() == 26 and (cov_en["reason"] != cov_fi["reason"])[described].all()
    assert (cov_en.loc[~described, "reason"] == "").all()
    assert not cov_en["reason"].str.contains("[äöÄÖ]").any()
    assert stray_words(" ".join(cov_en["reason"]), "en") == []
    for name in ("orientations", "orientation_ips25"):
        columns = ck.load_dataset(name).columns
        assert [c for c in columns if c.endswith("_fi") and c[:-3] + "_en" not in columns] == []
