"""The one shape of the analyses' results (coachkit.analyses.results.Result)."""

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import pandas as hpd

import coachkit as ck
from coachkit.analyses.results import Result, jsonable, records


def _plain(payload) -> str:
    """``payload`` as JSON a script can parse: no NaN, no numpy, nothing json cannot write."""
    return json.dumps(payload, allow_nan=False)


def test_to_dict_is_the_facts_then_the_tables_by_name():
    table = pd.DataFrame({"code": ["a", "b"], "n": np.array([1, 2], dtype=np.int64)})
    extra = pd.DataFrame({"x": [np.nan, 0.5]})
    r = Result(table, facts={"documents": np.int64(2), "ok": np.bool_(False)},
               tables={"curve": extra}, table_name="runs")
    assert r.to_dict() == {"documents": 2, "ok": False,
                           "runs": [{"code": "a", "n": 1}, {"code": "b", "n": 2}],
                           "curve": [{"x": None}, {"x": 0.5}]}
    assert list(r.to_dict()) == ["documents", "ok", "runs", "curve"]
    assert type(r.to_dict()["documents"]) is int and type(r.to_dict()["ok"]) is bool
    # the main table left out: a command whose JSON is only the facts
    assert Result(table, facts={"a": 1}, table_name=None).to_dict() == {"a": 1}
    assert Result(table).records() == records(table) == r.to_dict()["runs"]


def test_jsonable_turns_what_pandas_and_numpy_give_into_json():
    value = {"inf": -np.inf, "nan": float("nan"), "na": pd.NA, "nat": pd.NaT, "set": {2, 1},
             "arr": np.array([1.5, np.nan]), "series": pd.Series([np.int16(3)]),
             np.int64(7): "key", True: "flag", "when": pd.Timestamp("2026-12-05 10:00")}
    assert jsonable(value) == {"inf": None, "nan": None, "na": None, "nat": None, "set": [1, 2],
                               "arr": [1.5, None], "series": [3], "7": "key", "true": "flag",
                               "when": "2026-12-05T10:00:00"}
    with pytest.raises(TypeError, match="not JSON-ready: object"):
        jsonable({"a": object()})  # a bug in the kit, not the user's input


_SCALARS = st.one_of(
    st.none(), st.booleans(), st.text(max_size=5), st.integers(-2**62, 2**62),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(allow_nan=True, allow_infinity=True).map(np.float64),
    st.integers(-2**31, 2**31).map(np.int64), st.booleans().map(np.bool_), st.just(pd.NA))
_FACTS = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.tuples(inner, inner),
    st.dictionaries(st.one_of(st.text(max_size=4), st.integers()), inner, max_size=3)),
    max_leaves=12)
_TABLES = hpd.data_frames(columns=[
    hpd.column("share", dtype=float), hpd.column("n", dtype=np.int64),
    hpd.column("met", dtype=bool), hpd.column("code", dtype=object, elements=st.text(max_size=4)),
    hpd.column("when", dtype="datetime64[ns]")])


@given(table=_TABLES, facts=st.dictionaries(st.text(max_size=6), _FACTS, max_size=5),
       extra=_TABLES, name=st.sampled_from(["table", "runs", None]))
def test_to_dict_is_always_plain_json(table, facts, extra, name):
    out = Result(table, facts=facts, tables={"more": extra}, table_name=name).to_dict()
    text = _plain(out)  # never NaN, never a numpy value
    assert json.loads(text) == out  # nothing but JSON's own types (lists, not tuples)
    assert len(out["more"]) == len(extra)
    if name is not None:
        assert len(out[name]) == len(table)


def _survey_one_item_per_level():
    return ck.load_dataset("feedback_survey").pipe(lambda s: s[[
        "client_id", "useful", *[next(c for c in s.columns if c.startswith(f"{lvl}_"))
                                 for lvl in ("I", "II", "III")]]])


def _results():
    """Every result a command prints, on the bundled data and on data that leaves values
    undefined (α of one item, Fleiss' κ of one code, hours per employment without a coach)."""
    from coachkit.analyses.fidelity import fidelity_score
    from coachkit.analyses.pyramid import pyramid_result, read_survey
    from coachkit.analyses.saturation import saturation_result
    from coachkit.analyses.tasks import read_task_table, tasks_result
    from coachkit.analyses.themes import read_corpus, star_result
    from coachkit.models.planning import plan_result, read_plan
    from coachkit.models.selection import simulate

    corpus = read_corpus(ck.load_dataset("source_corpus"))
    one_code = pd.DataFrame({"segment_id": [str(i) for i in range(6) for _ in "ABC"],
                             "coder": list("ABC") * 6, "code": "x"})
    plans = ck.load_dataset("coaching_plans")
    return {
        "stars": star_result(corpus),
        "saturation": saturation_result(corpus, n_orders=10, threshold=0.0),
        "agreement": ck.agreement(ck.load_dataset("coach_coding"), n_boot=20),
        "agreement_one_code": ck.agreement(one_code, n_boot=20),
        "tasks": tasks_result(read_task_table(ck.load_dataset("visit_topics"))),
        "pyramid": pyramid_result(read_survey(ck.load_dataset("feedback_survey"))),
        "pyramid_one_item": pyramid_result(read_survey(_survey_one_item_per_level())),
        "plan": plan_result(read_plan(plans, client="A01")),
        "plan_no_job": plan_result(read_plan(plans, client="A01"), job_start_month=None),
        "fidelity": fidelity_score(ck.load_dataset("ips_ratings_before")),
        "selection": simulate(reps=20),
    }


@pytest.fixture(scope="module")
def results():
    return _results()


@pytest.mark.parametrize("name", ["stars", "saturation", "agreement", "agreement_one_code",
                                  "tasks", "pyramid", "pyramid_one_item", "plan", "plan_no_job",
                                  "fidelity", "selection"])
def test_every_result_is_a_result_and_prints_as_plain_json(results, name):
    r = results[name]
    assert isinstance(r, Result) and isinstance(r.table, pd.DataFrame)
    json.loads(_plain(r.to_dict()))
    json.loads(_plain(r.records()))


def test_undefined_values_are_null(results):
    assert results["pyramid_one_item"].to_dict()["levels"][0]["alpha"] is None
    assert math.isnan(results["pyramid_one_item"].table.loc[0, "alpha"])  # the table keeps NaN
    fleiss = {m["metric"]: m for m in results["agreement_one_code"].to_dict()["overall"]}
    assert fleiss["fleiss_kappa"]["estimate"] is None
    no_coach = [r for r in results["selection"].records() if not r["coach"]]
    assert no_coach and all(r["hours_per_employment"] is None for r in no_coach)
    assert results["plan_no_job"].to_dict()["followup_meetings"] is None


def test_the_results_keep_their_named_parts(results):
    """Notebooks, exercises and the teaching tools read these by name."""
    a = results["agreement"]
    assert a.overall is a.table and a.by_code is a.tables["by_code"] and a.characters is None
    assert (a.coders, a.n_segments, a.units) == (["A", "B"], 100, "segments")
    assert set(a.to_dict()) == {"coders", "n_segments", "n_coded", "overall", "by_code"}
    assert {"confusion", "disagreements"}.isdisjoint(a.to_dict())
    f = results["fidelity"]
    assert f.items is f.table and (f.total, f.band) == (76, "fair")
    assert set(f.to_dict()) == {"total", "band", "sections", "section_max", "weakest_items"}
    s = results["selection"]
    assert s.summary is s.table and s.reps == 20 and s.job_club is False
    assert s.params.places == 100


def test_show_is_the_table_for_people():
    r = Result(pd.DataFrame({"source": ["<b>Tekevä</b>"], "employment_rate": [0.44]}))
    fi, en = r.show().to_html(), r.show("en").to_html()
    assert "Lähde" in fi and "44,0\xa0%" in fi and "&lt;b&gt;Tekevä" in fi and "<b>" not in fi
    assert "Source" in en and "44.0%" in en


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_every_result_shows_with_a_header_for_every_column(results, monkeypatch, lang):
    """``result.show`` in a notebook: every column has a catalogue header in each language."""
    monkeypatch.setenv("COACHKIT_STRICT_LABELS", "1")  # an unknown header is an error
    for name, r in results.items():
        html = r.show(lang).to_html()
        assert "<table" in html, name
