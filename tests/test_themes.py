import pandas as pd
import pytest

import coachkit as ck
from coachkit import InputError


def test_read_corpus_adds_goal_phase_pole(small_corpus):
    c = ck.read_corpus(small_corpus)
    assert c.loc[0, ["category", "phase", "pole"]].tolist() == [
        "tyollistyminen", "tyollistaminen", "mielekas_tyoelama"]
    # a goal id maps to itself
    assert c.loc[4, "category"] == "osaaminen"
    assert c["excluded"].tolist() == [False] * 7 + [True]


def test_frequency_table_includes_zeros_and_skips_excluded(small_corpus):
    f = ck.frequency_table(ck.read_corpus(small_corpus))
    assert len(f) == 2 * 5  # sources A, B; source C is excluded
    a = f.query("source == 'A'").set_index("category")["count"]
    assert a.to_dict() == {"arjenhallinta": 1, "tyokyky": 0, "osaaminen": 0,
                           "tyollistyminen": 3, "tyossajaksaminen": 0}
    assert f.query("source == 'A'")["share"].sum() == pytest.approx(1.0)
    with_c = ck.frequency_table(ck.read_corpus(small_corpus), include_excluded=True)
    assert set(with_c["source"]) == {"A", "B", "C"}


def test_frequency_by_phase_and_pole(small_corpus):
    c = ck.read_corpus(small_corpus)
    ph = ck.frequency_table(c, level="phase").query("source == 'B'").set_index("category")["count"]
    assert ph.to_dict() == {"kuntoutus": 0, "valmennus": 2, "tyollistaminen": 1}
    po = ck.frequency_table(c, level="pole")
    assert po["category"].unique().tolist() == ["mielekas_elama", "valimaasto", "mielekas_tyoelama"]
    with pytest.raises(ValueError, match="level"):
        ck.frequency_table(c, level="nope")


def test_star_table_with_rule(small_corpus):
    c = ck.read_corpus(small_corpus)
    t = ck.star_table(c, rule=ck.StarRule((1, 2, 3, 4)))
    assert t.query("source == 'A' and category == 'tyollistyminen'")["stars"].item() == 3
    assert list(t.columns) == ["source", "category", "count", "share", "stars"]


def test_shipped_corpus_reproduces_table_1_exactly():
    corpus = ck.read_corpus(ck.load_dataset("source_corpus"))
    comparison = ck.compare_to_published(ck.star_table(corpus))
    assert len(comparison) == 30
    assert comparison["match"].all(), comparison.loc[~comparison["match"]]


def test_shipped_corpus_supports_the_thesis_reading():
    corpus = ck.read_corpus(ck.load_dataset("source_corpus"))
    totals = ck.goal_totals(ck.star_table(corpus)).set_index("category")
    assert totals["stars"].tolist() == [12, 14, 13, 18, 5]
    # by raw counts too: goal 4 most, goal 5 least, goals 1-3 within 25 % of each other
    counts = totals["count"]
    assert counts.idxmax() == "tyollistyminen" and counts.idxmin() == "tyossajaksaminen"
    middle = counts[["arjenhallinta", "tyokyky", "osaaminen"]]
    assert middle.max() / middle.min() < 1.25


def test_excluded_source_is_in_the_corpus_but_not_the_table():
    corpus = ck.read_corpus(ck.load_dataset("source_corpus"))
    assert corpus.loc[corpus["excluded"], "source"].unique().tolist() == ["Räsänen"]
    assert "Räsänen" not in set(ck.star_table(corpus)["source"])


def test_star_matrix_languages():
    corpus = ck.read_corpus(ck.load_dataset("source_corpus"))
    fi = ck.star_matrix(ck.star_table(corpus))
    en = ck.star_matrix(ck.star_table(corpus), lang="en", symbols=False)
    assert fi.columns[0] == "Arjen- ja elämänhallinnan tuki"
    assert en.columns[-1] == "Supporting coping at work"
    assert en.loc["Tekevä"].tolist() == [3, 3, 3, 3, 1]


def test_rule_sensitivity_marks_changes(small_corpus):
    c = ck.read_corpus(small_corpus)
    s = ck.rule_sensitivity(c, rules=[ck.DEFAULT_RULE, ck.StarRule((1, 2, 3, 4), name="x")])
    assert set(s["rule"]) == {ck.DEFAULT_RULE.name, "x"}
    assert (s.query("rule == 'x'")["change"] >= 0).all()
    assert s.query(f"rule == '{ck.DEFAULT_RULE.name}'")["change"].eq(0).all()
    moved = s.query("rule == 'x' and change != 0")
    assert moved[["source", "category"]].values.tolist() == [["A", "tyollistyminen"], ["B", "osaaminen"]]


def test_rule_sensitivity_names_rules_in_the_tables_language():
    """The kit's rules have ids; their names are the catalogue's words in the table's language,
    and what a rule counts is a column of its own (not read from a Finnish word)."""
    from coachkit import i18n

    corpus = ck.read_corpus(ck.load_dataset("source_corpus"))
    en, fi = ck.rule_sensitivity(corpus, lang="en"), ck.rule_sensitivity(corpus)
    names = en["rule"].unique().tolist()
    assert names == ["default 1/3/6/10", "stricter 1/4/8/12", "looser 1/2/4/7", "share 1/10/20/30 %"]
    assert i18n.stray_words(" ".join(names), "en", min_length=4) == []
    assert fi["rule"].unique().tolist() == ["oletus 1/3/6/10", "tiukempi 1/4/8/12",
                                            "väljempi 1/2/4/7", "osuus 1/10/20/30 %"]
    assert (en["basis"] == "share").sum() == 30 and en.drop(columns="rule").equals(fi.drop(columns="rule"))


@pytest.mark.parametrize("mutate,match", [
    (lambda d: d.drop(columns="code"), "missing column"),
    (lambda d: d.assign(code=["zzz"] + d["code"].tolist()[1:]),
     r"row 2, column 'code': 1 code\(s\) are not in the kit's frame: 'zzz'.*--codes own"),
    (lambda d: d.assign(segment_id=["s0", "s0"] + d["segment_id"].tolist()[2:]),
     "row 3, column 'segment_id': duplicate segment_id"),
    (lambda d: d.assign(source=[""] + d["source"].tolist()[1:]), "row 2, column 'source': empty cell"),
    (lambda d: d.assign(excluded=["maybe"] * len(d)), "column 'excluded'"),
])
def test_read_corpus_errors(small_corpus, mutate, match):
    with pytest.raises(InputError, match=match):
        ck.read_corpus(mutate(small_corpus), name="corpus.csv")


def test_read_corpus_without_optional_columns():
    df = pd.DataFrame({"segment_id": ["1", "2"], "source": ["A", "A"], "code": ["tyokyky", "tyonhaku"]})
    c = ck.read_corpus(df)
    assert not c["excluded"].any()


def test_star_table_needs_read_corpus(small_corpus):
    with pytest.raises(TypeError, match="read_corpus"):
        ck.star_table(small_corpus)


def test_plots_return_axes(small_corpus):
    c = ck.read_corpus(small_corpus)
    for annotate in ("stars", "count", "both"):
        ax = ck.plot_stars(ck.star_table(c), annotate=annotate, lang="en")
        assert ax.get_title() == "Emphasis of the overall goals"
    ax = ck.plot_phase_continuum(c)
    assert "Mielekäs elämä" in ax.get_xlabel()


def test_codes_are_case_insensitive():
    df = pd.DataFrame({"segment_id": ["1", "2"], "source": ["A", "A"], "code": ["Tyonhaku", " TYOKYKY "]})
    assert ck.read_corpus(df)["category"].tolist() == ["tyollistyminen", "tyokyky"]


def test_load_dataset_returns_independent_copies():
    a = ck.load_dataset("goals")
    a.loc[0, "goal_id"] = "changed"
    assert ck.load_dataset("goals").loc[0, "goal_id"] == "arjenhallinta"


def test_all_sources_excluded_is_one_clear_error(small_corpus):
    with pytest.raises(InputError, match="every source is flagged excluded"):
        ck.star_table(ck.read_corpus(small_corpus.assign(excluded="true")))


def test_a_source_excluded_on_some_of_its_rows_only_is_one_error_line(tmp_path):
    """Typing `true` on a source's first row and leaving the rest blank must not leave the
    source out in part (its other rows counted) without a word."""
    path = tmp_path / "c.csv"
    path.write_text("segment_id;source;code;excluded\n1;Tekevä;tyonhaku;false\n"
                    "2;Räsänen;tyonhaku;true\n3;Räsänen;paivarytmi;\n4;Räsänen;tyonhaku;\n",
                    encoding="utf-8")
    with pytest.raises(ck.InputError, match=r"source 'Räsänen' is marked excluded on 1 of its "
                                            r"3 rows") as err:
        ck.read_corpus(path)
    assert "\n" not in str(err.value) and "column 'excluded'" in str(err.value)
    path.write_text("segment_id;source;code;excluded\n1;Tekevä;tyonhaku;false\n"
                    "2;Räsänen;tyonhaku;true\n3;Räsänen;paivarytmi;kyllä\n", encoding="utf-8")
    assert ck.star_table(ck.read_corpus(path))["source"].unique().tolist() == ["Tekevä"]
