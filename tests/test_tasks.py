import pandas as pd
import pytest

import coachkit as ck
from coachkit import InputError
from coachkit.analyses import tasks


@pytest.fixture
def published():
    return tasks.read_task_table(ck.load_dataset("visit_topics"))


def test_published_table_is_as_printed(published):
    assert len(published) == 19
    topics = published.query("row_type == 'topic'")
    assert len(topics) == 18
    total = published.query("row_type == 'printed_total'").iloc[0]
    assert total[["visits", "men", "women", "immigrants"]].tolist() == [728, 400, 328, 169]
    assert (topics["men"] + topics["women"] == topics["visits"]).all()


def test_mismatch_is_detected_not_hidden(published):
    totals = tasks.column_totals(published).set_index("column")
    assert totals["rows_total"].tolist() == [880, 477, 403, 169]
    assert totals["mismatch"].tolist() == [True, True, True, False]
    s = tasks.task_summary(published)
    assert s["mismatch"] is True and s["rows_total"] == 880 and s["printed_total"] == 728


def test_under_20_percent_reading_both_ways(published):
    s = tasks.task_summary(published)
    assert s["employment_related_topics"] == 3
    assert s["share_of_topics"] == pytest.approx(3 / 18)
    assert s["employment_related_visits"] == 73 + 42 + 18
    assert s["share_of_visits"] == pytest.approx(133 / 880)
    assert s["share_of_visits_printed"] == pytest.approx(133 / 728)
    assert max(s["share_of_topics"], s["share_of_visits"], s["share_of_visits_printed"]) < 0.2
    lines = tasks.summary_lines(s)
    assert lines == ["Aiheista 3/18 = 16,7\xa0%", "Käynneistä 133/880 = 15,1\xa0%",
                     "… ja painetusta summasta 18,3\xa0%"]
    assert tasks.summary_lines(s, lang="en")[1] == "Of visits 133/880 = 15.1%"


def test_classification_is_data(published):
    flipped = ck.load_dataset("visit_topics").copy()
    flipped.loc[flipped["topic"] == "Ohjaus jatko-opintoihin", "employment_related"] = "true"
    s = tasks.task_summary(tasks.read_task_table(flipped))
    assert s["employment_related_topics"] == 4
    assert (published.query("row_type == 'topic'")["reason"].str.len() > 5).all()


def test_student_week_without_optional_columns():
    week = pd.DataFrame({"topic": ["CV", "Opiskelu", "Työpaikkakäynti"], "visits": ["3", "5", "2"],
                         "employment_related": ["kyllä", "ei", "kyllä"]})
    s = tasks.task_summary(tasks.read_task_table(week))
    assert s["printed_total"] is None and s["mismatch"] is False
    assert s["share_of_visits"] == pytest.approx(0.5)
    assert s["share_of_visits_printed"] is None
    assert tasks.independence_tests(tasks.read_task_table(week)).empty


def test_row_checks_flag_inconsistent_rows():
    t = pd.DataFrame({"topic": ["a", "b"], "visits": [3, 4], "men": [1, 2], "women": [2, 1],
                      "employment_related": ["true", "false"]})
    assert tasks.task_summary(tasks.read_task_table(t))["row_checks"] == ["b"]


@pytest.mark.parametrize("frame,match", [
    ({"topic": ["a"], "visits": ["-1"], "employment_related": ["true"]}, "row 2, column 'visits'"),
    ({"topic": ["a"], "visits": ["x"], "employment_related": ["true"]}, "'x' is not a number"),
    ({"topic": ["a", "a"], "visits": ["1", "2"], "employment_related": ["1", "0"]}, "duplicate topic"),
    ({"topic": ["a"], "visits": ["1"], "employment_related": ["perhaps"]}, "employment_related"),
    ({"topic": ["a"], "visits": ["1"]}, "missing column"),
    ({"topic": ["a", "T", "U"], "visits": ["1", "1", "1"], "employment_related": ["1", "", ""],
      "row_type": ["topic", "printed_total", "printed_total"]}, "second printed_total"),
    ({"topic": ["a"], "visits": ["1"], "immigrants": ["5"], "employment_related": ["1"]}, "immigrants"),
    ({"topic": ["a"], "visits": ["1"], "employment_related": ["1"], "row_type": ["sum"]}, "row_type"),
])
def test_bad_tables(frame, match):
    with pytest.raises(InputError, match=match):
        tasks.read_task_table(pd.DataFrame(frame))


def test_independence_tests_report_caveats(published):
    t = tasks.independence_tests(published).set_index("test")
    assert set(t.index) == {"gender", "immigrant"}
    assert t.loc["gender", "df"] == 17
    assert t.loc["gender", "cells_expected_below_5"] > 0
    assert t.loc["gender", "caveat"] == "counts_may_repeat"
    from coachkit.display.tables import display_frame

    assert "riippumattomia" in display_frame(t.reset_index())["Varaus"].iloc[0]


def test_topic_shares_and_plot(published):
    s = tasks.topic_shares(published)
    assert s["share_rows_total"].sum() == pytest.approx(1)
    assert s["share_printed_total"].sum() == pytest.approx(880 / 728)
    assert s.iloc[0]["topic"] == "Tutustuminen toimintaan"
    ax = tasks.plot_topics(published, lang="en")
    assert ax.get_xlabel() == "Visits"
