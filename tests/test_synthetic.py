import hashlib
import json

import pandas as pd

import coachkit as ck
from coachkit.generators import synthetic


def test_committed_data_equal_a_fresh_generation(tmp_path):
    manifest = synthetic.generate(tmp_path)
    shipped = ck.data_dir() / "synthetic"
    for name in [*manifest["files"], "MANIFEST.json"]:
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name


def test_manifest_describes_the_files(tmp_path):
    manifest = synthetic.generate(tmp_path)
    on_disk = json.loads((tmp_path / "MANIFEST.json").read_text(encoding="utf-8"))
    assert on_disk == manifest
    assert manifest["seed"] == synthetic.SEED
    for name, info in manifest["files"].items():
        payload = (tmp_path / name).read_bytes()
        assert hashlib.sha256(payload).hexdigest() == info["sha256"]
        assert len(pd.read_csv(tmp_path / name)) == info["rows"]
    # no temporary files left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*manifest["files"], "MANIFEST.json"])


def test_other_seed_gives_other_data_with_same_contract(tmp_path):
    synthetic.generate(tmp_path, seed=7)
    other = pd.read_csv(tmp_path / "source_corpus.csv")
    shipped = ck.load_dataset("source_corpus")
    assert list(other.columns) == list(shipped.columns)
    assert not other["text"].equals(shipped["text"])
    # Table 1 is reproduced under any seed: the counts are drawn inside the star intervals
    corpus = ck.read_corpus(tmp_path / "source_corpus.csv")
    assert ck.compare_to_published(ck.star_table(corpus))["match"].all()


def test_coach_corpus_shape():
    ex = ck.load_dataset("coach_excerpts")
    coding = ck.load_dataset("coach_coding")
    assert sorted(ex["respondent"].unique()) == sorted([f"K{i}" for i in range(1, 10)]
                                                       + [f"V{i}" for i in range(1, 9)])
    assert ex.groupby("respondent").size().min() >= 5
    assert set(coding["coder"]) == {"A", "B"}
    assert set(coding["segment_id"]) == set(ex["segment_id"])
    assert set(coding["code"]) <= set(ck.load_dataset("values")["code_id"])


def test_corpus_texts_are_varied():
    corpus = ck.load_dataset("source_corpus")
    assert corpus["text"].nunique() / len(corpus) > 0.95
    assert not corpus.duplicated(["source", "text"]).any()
