"""The benchmark runs end to end on a small corpus (its timings are not checked)."""

from benchmarks.bench import bench_themes, main, synthetic_corpus


def test_synthetic_corpus_contract():
    df = synthetic_corpus(1000, n_sources=5)
    assert list(df.columns) == ["segment_id", "source", "code"]
    assert df["segment_id"].is_unique and df["source"].nunique() == 5


def test_bench_themes_small(capsys):
    r = bench_themes(2000, repeats=1)
    assert r["segments"] == 2000 and r["read_csv_s"] > 0 and r["file_to_stars_s"] > 0
    assert main(["themes", "--n", "2000", "--repeats", "1"]) == 0
    out = capsys.readouterr().out
    assert "speed-up vs loop" in out and "ratio to read_csv" in out


def test_bench_selection_small(capsys):
    from benchmarks.bench import bench_selection

    r = bench_selection(reps=5, applicants=300, repeats=1, loop_reps=1)
    assert r["reps"] == 5 and r["simulate_s"] > 0
    assert main(["selection", "--reps", "5", "--n", "300", "--repeats", "1"]) == 0
    assert "ratio to drawing alone" in capsys.readouterr().out


def test_bench_agreement_small(capsys):
    from benchmarks.bench import bench_agreement

    r = bench_agreement(chars=20_000, n_codes=10, repeats=1, baseline_sources=2)
    assert r["characters"] >= 20_000 and r["units"] > 0 and r["agreement_s"] > 0
    assert main(["agreement", "--n", "20000", "--repeats", "1"]) == 0
    assert "ratio to reading" in capsys.readouterr().out
