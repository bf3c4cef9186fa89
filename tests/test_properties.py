"""Rules that must hold for all inputs (hypothesis)."""

import io

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import coachkit as ck
from coachkit.analyses.fidelity import band_of
from coachkit.formats import read_table

cell = st.text(alphabet=st.sampled_from(list("abcåäöÅÄÖ xyz-1'")), min_size=1, max_size=12).map(
    str.strip).filter(bool)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(cell, cell), min_size=1, max_size=15),
       st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
       st.sampled_from(["\n", "\r\n"]))
def test_read_table_round_trips_what_excel_writes(rows, sep, encoding, newline):
    # a row equal to the header is refused on purpose (two files joined: formats.csv's
    # refuse_repeated_header, tested in test_formats), so it is no round trip
    assume(("a", "b") not in rows)
    df = pd.DataFrame(rows, columns=["a", "b"])
    text = df.to_csv(index=False, sep=sep, lineterminator=newline)
    back = read_table(io.BytesIO(text.encode(encoding)))
    assert back.values.tolist() == df.values.tolist()


@given(st.lists(st.lists(st.booleans(), min_size=4, max_size=4), min_size=2, max_size=12))
def test_saturation_curve_is_monotone_and_ends_at_all_codes(matrix):
    rows = [(f"d{i}", f"c{j}") for i, r in enumerate(matrix) for j, v in enumerate(r) if v]
    if not rows:
        return
    df = pd.DataFrame(rows, columns=["respondent", "code"])
    curve = ck.saturation_curve(df, n_orders=30, random_state=0)
    total = df["code"].nunique()
    assert np.all(np.diff(curve["mean"]) >= -1e-12)
    assert curve["high"].iloc[-1] == total and curve["observed"].iloc[-1] == total


@given(st.integers(min_value=25, max_value=124))
def test_fidelity_band_never_drops_with_a_higher_total(total):
    order = ["not_supported", "fair", "good", "exemplary"]
    assert order.index(band_of(total)) <= order.index(band_of(total + 1))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(list("xyz")), min_size=4, max_size=30), st.floats(0, 1))
def test_agreement_statistics_stay_in_range(codes, flip):
    rng = np.random.default_rng(len(codes))
    other = [c if rng.random() > flip else rng.choice(list("xyz")) for c in codes]
    df = pd.DataFrame({"segment_id": [str(i) for i in range(len(codes))] * 2,
                       "coder": ["A"] * len(codes) + ["B"] * len(codes), "code": codes + other})
    o = ck.agreement(df, n_boot=10).overall.set_index("metric")["estimate"]
    assert 0 <= o["percent_agreement"] <= 1
    assert np.isnan(o["cohen_kappa"]) or -1 <= o["cohen_kappa"] <= 1 + 1e-9


CODES = ck.Codebook.load().codes


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["Lähde Ä", "Source B", "C & D", "Työpaja"]),
                          st.sampled_from(CODES),
                          st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"),
                                                         whitelist_characters="\n\t"),
                                  max_size=30)),
                min_size=1, max_size=30),
       st.sets(st.sampled_from(["Lähde Ä", "Source B", "C & D", "Työpaja"])))
def test_refi_qda_export_reads_back_to_the_same_star_table(tmp_path_factory, rows, excluded):
    from coachkit.formats.qdpx import corpus_project

    df = pd.DataFrame(rows, columns=["source", "code", "text"])
    df.insert(0, "segment_id", [f"s{i}" for i in range(len(df))])
    df["excluded"] = df["source"].isin(excluded).map({True: "true", False: "false"})
    corpus = ck.read_corpus(df)
    path = tmp_path_factory.mktemp("qdpx") / "p.qdpx"
    path.write_bytes(corpus_project(corpus))
    back = ck.read_corpus(path)
    cols = ["source", "category", "count", "stars"]
    for include in (False, True):
        if not include and corpus["excluded"].all():
            continue
        a = ck.star_table(corpus, include_excluded=include)[cols]
        b = ck.star_table(back, include_excluded=include)[cols]
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


spans = st.lists(st.tuples(st.sampled_from(["A", "B", "C"]), st.sampled_from(["x", "y"]),
                           st.integers(0, 40), st.integers(0, 20)), min_size=1, max_size=12)


@settings(max_examples=80, deadline=None)
@given(spans, st.text(alphabet="ab \n", min_size=40, max_size=60))
def test_character_and_paragraph_units_account_for_every_character(rows, text):
    from coachkit.analyses.unitising import character_agreement, paragraph_coding, paragraphs

    df = pd.DataFrame([(c, k, a, min(a + n, len(text))) for c, k, a, n in rows],
                      columns=["coder", "code", "start", "end"]).assign(source="s")
    chars = character_agreement(df, {"s": text})
    assert ((chars["both"] + chars["a_only"] + chars["b_only"] + chars["neither"])
            == len(text)).all()
    assert chars["kappa"].dropna().between(-1, 1).all()
    units = paragraph_coding(df, {"s": text})
    coded = {k for k, (p0, p1) in enumerate(paragraphs(text), start=1)
             if ((np.minimum(df["end"], p1) - np.maximum(df["start"], p0)) > 0).any()}
    assert set(units["paragraph"]) == coded  # exactly the paragraphs someone coded
    assert (units.groupby("paragraph")["coder"].nunique() == df["coder"].nunique()).all()
