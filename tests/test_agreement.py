import re

import numpy as np
import pandas as pd
import pytest

import coachkit as ck
from coachkit import InputError
from coachkit.analyses.agreement import band_label


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


# --- closed forms against the libraries, and the details of the report ----------------

import warnings  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 3), min_size=3, max_size=3), min_size=2, max_size=12))
def test_nominal_alpha_equals_the_krippendorff_package(rows):
    import krippendorff

    from coachkit.analyses.agreement import nominal_alpha

    vc = np.array(rows)
    pairable = vc[vc.sum(1) >= 2]
    if len(pairable) == 0 or (pairable.sum(0) > 0).sum() < 2:
        assert np.isnan(nominal_alpha(vc))
        return
    expected = krippendorff.alpha(value_counts=pairable, level_of_measurement="nominal")
    assert nominal_alpha(vc) == pytest.approx(expected, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), min_size=2,
                max_size=25))
def test_per_code_kappa_equals_statsmodels(pairs):
    from statsmodels.stats.inter_rater import cohens_kappa

    df = pd.DataFrame([(str(i), c, code) for i, p in enumerate(pairs) for c, code in
                       zip("AB", p, strict=True)],
                      columns=["segment_id", "coder", "code"])
    by = ck.agreement(df, n_boot=10).by_code.set_index("code")
    for code in by.index:
        a = np.array([p[0] == code for p in pairs])
        b = np.array([p[1] == code for p in pairs])
        table = np.array([[np.sum(~a & ~b), np.sum(~a & b)], [np.sum(a & ~b), np.sum(a & b)]])
        pe = (table.sum(0) * table.sum(1)).sum() / table.sum() ** 2
        if np.isclose(pe, 1):
            assert np.isnan(by.loc[code, "kappa"])
        else:
            with warnings.catch_warnings():  # statsmodels' z-value of a degenerate table
                warnings.simplefilter("ignore")
                expected = float(cohens_kappa(table).kappa)
            assert by.loc[code, "kappa"] == pytest.approx(expected)


def test_kappa_interval_stays_within_minus_one_and_one():
    from statsmodels.stats.inter_rater import cohens_kappa

    # 9 of 10 alike: the asymptotic interval's upper end passes 1
    pairs = [("x", "x")] * 5 + [("y", "y")] * 4 + [("x", "y")]
    df = pd.DataFrame([(str(i), c, code) for i, p in enumerate(pairs) for c, code in
                       zip("AB", p, strict=True)],
                      columns=["segment_id", "coder", "code"])
    assert float(cohens_kappa(np.array([[5, 1], [0, 4]])).kappa_upp) > 1  # the case to guard
    o = ck.agreement(df, n_boot=20).overall.set_index("metric")
    assert o.loc["cohen_kappa", "ci_high"] == 1.0 and o.loc["cohen_kappa", "ci_low"] >= -1


def test_alpha_bootstrap_reports_the_resamples_it_used():
    # two units coded x, one y: resamples drawing only x units have no α
    df = pd.DataFrame({"segment_id": ["1", "1", "2", "2", "3", "3"], "coder": ["A", "B"] * 3,
                       "code": ["x", "x", "x", "x", "y", "y"]})
    method = ck.agreement(df, n_boot=200).overall.set_index("metric").loc[
        "krippendorff_alpha", "ci_method"]
    key, counts = method.split(":")
    used, total = map(int, counts.split("/"))
    assert key == "bootstrap_partial" and 0 < used < 200 and total == 200


def test_ci_method_is_worded_in_finnish():
    from coachkit.display.tables import display_frame
    df = pd.DataFrame({"segment_id": ["1", "1", "2", "2", "3", "3"], "coder": ["A", "B"] * 3,
                       "code": ["x", "x", "x", "y", "y", "y"]})
    o = ck.agreement(df, n_boot=1000).overall
    assert o.set_index("metric").loc["krippendorff_alpha", "ci_method"].startswith("bootstrap")
    shown = display_frame(o)["Välin menetelmä"].tolist()
    assert not any("resamples" in s for s in shown)
    assert any(s.startswith("bootstrap (") and s.endswith("otosta)") or "otosta;" in s for s in shown)
    fi = display_frame(pd.DataFrame({"ci_method": ["bootstrap:1000", "bootstrap_partial:180/200"]}))
    assert fi.iloc[:, 0].tolist() == ["bootstrap (1\xa0000 otosta)",
                                      "bootstrap (180/200 otosta; α ei määriteltävissä muissa)"]
    en = display_frame(pd.DataFrame({"ci_method": ["bootstrap:1000"]}), lang="en")
    assert en.iloc[0, 0] == "bootstrap (1,000 resamples)"


def test_no_warning_when_three_coders_use_one_code():
    df = pd.DataFrame({"segment_id": [str(i) for i in range(6) for _ in "ABC"],
                       "coder": list("ABC") * 6, "code": "x"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        o = ck.agreement(df, n_boot=20).overall.set_index("metric")
    assert np.isnan(o.loc["fleiss_kappa", "estimate"])
    assert o.loc["fleiss_kappa", "interpretation"] == "undefined"


def _project(tmp_path, selections):
    from coachkit.formats.qdpx import project_bytes, stable_guid

    text = "Ensimmäinen kappale.\nToinen kappale.\nKolmas kappale."
    tree = [{"guid": stable_guid("own", c), "name": c} for c in ("x", "y")]
    sels = [(a, b, stable_guid("own", c), u, f"{u}{a}") for a, b, c, u in selections]
    path = tmp_path / "p.qdpx"
    path.write_bytes(project_bytes(name="t", tree=tree, users=["A", "B"], excluded=[],
                                   sources=[{"name": "s", "text": text, "selections": sels}],
                                   origin="test"))
    return path


def test_summary_counts_units_coded_by_two_coders(tmp_path):
    # A codes the first paragraph, B the second: two units compared, none coded by both
    path = _project(tmp_path, [(0, 20, "x", "A"), (21, 36, "x", "B")])
    res = ck.agreement(path, codes="own", n_boot=20)
    assert res.n_segments == 2 and res.n_coded == 0
    path = _project(tmp_path, [(0, 20, "x", "A"), (0, 20, "y", "B"), (21, 36, "x", "B")])
    res = ck.agreement(path, codes="own", n_boot=20)
    assert res.n_segments == 2 and res.n_coded == 1 and res.to_dict()["n_coded"] == 1


def test_cli_verdicts_in_finnish(tmp_path, capsys):
    from coachkit.cli import main

    path = _project(tmp_path, [(0, 20, "x", "A"), (0, 20, "y", "B"), (21, 36, "x", "B"),
                               (37, 52, "y", "A"), (37, 52, "y", "B")])
    assert main(["themes", "agreement", str(path), "--codes", "own", "--lang", "fi",
                 "--boot", "20"]) == 0
    out = capsys.readouterr().out
    assert "vähintään kahden koodaajan koodaamia: 2" in out and "verrattuja kappaleita: 3" in out
    english = {"poor", "slight", "fair", "moderate", "substantial", "almost perfect",
               "unreliable", "tentative", "reliable", "undefined"}
    assert not [w for w in english if f" {w}" in out]
    assert any(band_label(b, "fi") in out for b in ("unreliable", "tentative", "reliable", "undefined"))


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_cli_agreement_text_is_all_in_the_language_asked(tmp_path, capsys, lang):
    """No English scaffolding around Finnish verdicts (and no Finnish in English output):
    headers, measures, the uncoded marker and the character table, numbers written its way."""
    from coachkit.cli import main

    path = _project(tmp_path, [(0, 20, "x", "A"), (0, 20, "y", "B"), (21, 36, "x", "B"),
                               (37, 52, "y", "A"), (37, 52, "y", "B")])
    assert main(["themes", "agreement", str(path), "--codes", "own", "--lang", lang,
                 "--boot", "20"]) == 0
    out = capsys.readouterr().out
    english = ["coders", "compared", "percent_agreement", "cohen_kappa", "specific_agreement",
               "interpretation", "(uncoded)", "units:", "a_only", "neither", "Agreement"]
    finnish = ["koodaajat", "verrattuja", "Prosenttiyhtäpitävyys", "Cohenin", "Tulkinta",
               "(koodaamatta)", "yksiköt", "Vain A", "Ei kumpikaan", "Yhtäpitävyys"]
    wrong, right = (english, finnish) if lang == "fi" else (
        finnish, ["coders", "compared", "Percent agreement", "(uncoded)", "A only", "Neither"])
    assert [w for w in wrong if w in out] == []
    assert all(w in out for w in right)
    assert re.search(r"\d,\d{2}" if lang == "fi" else r"\d\.\d{2}", out)


def test_codes_written_decomposed_by_one_coder_agree_with_the_composed(tmp_path):
    """macOS writes `ä` as `a` + a combining diaeresis: one coder's file pasted from a Mac
    must not turn every agreeing `työnhaku` into a disagreement (or one coder into two)."""
    import unicodedata

    rows = [("1", "työnhaku"), ("2", "päivärytmi"), ("3", "työnhaku"), ("4", "jälkituki"),
            ("5", "päivärytmi"), ("6", "jälkituki")]
    composed = "segment_id,coder,code\n" + "".join(
        f"{s},Äänekoski,{c}\n{s},Bertta,{c if s != '6' else 'työnhaku'}\n" for s, c in rows)
    decomposed = "".join(
        line if ",Bertta," in line else unicodedata.normalize("NFD", line)
        for line in composed.splitlines(keepends=True))
    (tmp_path / "nfc.csv").write_text(composed, encoding="utf-8")
    (tmp_path / "mixed.csv").write_text(decomposed, encoding="utf-8")
    assert decomposed != composed
    want = ck.agreement(tmp_path / "nfc.csv")
    got = ck.agreement(tmp_path / "mixed.csv")
    assert got.coders == want.coders == ["Äänekoski", "Bertta"]
    assert got.overall["estimate"].tolist() == want.overall["estimate"].tolist()


@pytest.mark.parametrize("confidence, fi, en", [(0.9, "90\xa0%:n väli", "90% CI"),
                                                (0.95, "95\xa0%:n väli", "95% CI")])
def test_interval_headers_name_the_confidence_used(two_coders, confidence, fi, en):
    """The table, the notebook's show_table(result.overall) and Result.show all say the level
    the intervals were computed at; --json keeps ci_low/ci_high."""
    from coachkit.display.tables import display_frame

    res = ck.agreement(two_coders, n_boot=50, confidence=confidence)
    for lang, level in (("fi", fi), ("en", en)):
        headers = list(display_frame(res.overall, lang).columns)
        low, high = ("alaraja", "yläraja") if lang == "fi" else ("low", "high")
        assert f"{level}, {low}" in headers and f"{level}, {high}" in headers, headers
        other = "95" if confidence == 0.9 else "90"
        assert not [h for h in headers if other in h]
        assert f"{level}, {low}" in ck.show_table(res.overall, lang).to_html()
        assert f"{level}, {high}" in res.show(lang).to_html()
    assert {"ci_low", "ci_high"} <= set(res.to_dict()["overall"][0])
    assert "confidence" not in res.to_dict()


@pytest.mark.parametrize("lang, header", [("fi", "90\xa0%:n väli, alaraja"), ("en", "90% CI, low")])
def test_cli_confidence_names_its_level(tmp_path, capsys, lang, header):
    from coachkit.cli import main

    path = tmp_path / "coding.csv"
    pd.DataFrame({"segment_id": [f"u{i // 2}" for i in range(20)], "coder": ["A", "B"] * 10,
                  "code": list("xxyyxyzzyy" * 2)}).to_csv(path, index=False)
    assert main(["themes", "agreement", str(path), "--lang", lang, "--boot", "20",
                 "--confidence", "0.9"]) == 0
    out = capsys.readouterr().out
    assert header in out and "95" not in out, out
    assert main(["themes", "agreement", str(path), "--lang", lang, "--boot", "20"]) == 0
    assert header.replace("90", "95") in capsys.readouterr().out
