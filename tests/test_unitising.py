"""Paragraph units and the character comparison: fast methods equal the plain definitions."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from coachkit.analyses.unitising import (
    UNCODED,
    character_agreement,
    character_agreement_by_mask,
    covered,
    paragraph_coding,
    paragraphs,
)


@st.composite
def projects(draw):
    """A few short texts and random spans by 2–3 coders with 1–3 codes (some outside the text)."""
    n_sources = draw(st.integers(1, 3))
    texts = {}
    for i in range(n_sources):
        lines = draw(st.lists(st.text("ab ", min_size=0, max_size=8), min_size=1, max_size=5))
        texts[f"s{i}"] = "\n".join(lines)
    coders = ["A", "B", "C"][:draw(st.integers(2, 3))]
    rows = draw(st.lists(st.tuples(st.sampled_from(sorted(texts)), st.sampled_from(coders),
                                   st.sampled_from(["x", "y", "z"]), st.integers(0, 45),
                                   st.integers(0, 12)), min_size=1, max_size=14))
    spans = pd.DataFrame([(s, c, k, a, a + w) for s, c, k, a, w in rows],
                         columns=["source", "coder", "code", "start", "end"])
    if draw(st.booleans()):
        texts.pop("s0")  # a coded source whose text is missing
    return spans, texts


@settings(max_examples=100, deadline=None)
@given(projects())
def test_interval_method_equals_the_per_character_method(project):
    spans, texts = project
    fast = character_agreement(spans, texts)
    slow = character_agreement_by_mask(spans, texts)
    pd.testing.assert_frame_equal(fast.reset_index(drop=True), slow.reset_index(drop=True),
                                  check_dtype=False)


def _paragraph_coding_by_loop(spans, texts):
    """The definition, one paragraph at a time."""
    coders = list(dict.fromkeys(spans["coder"]))
    rows = []
    for source, group in spans.groupby("source", sort=False):
        for k, (p0, p1) in enumerate(paragraphs(texts.get(source, "")), start=1):
            chosen = {}
            for pos, r in enumerate(group.itertuples()):
                ov = min(r.end, p1) - max(r.start, p0)
                if ov > 0:
                    c = chosen.setdefault(r.coder, {}).setdefault(r.code, [0, r.start, pos])
                    c[0] += ov
                    c[1] = min(c[1], r.start)
            if not chosen:
                continue
            for coder in coders:
                codes = chosen.get(coder)
                code = min(codes, key=lambda k: (-codes[k][0], codes[k][1], codes[k][2])) \
                    if codes else UNCODED
                rows.append((f"{source} ¶{k}", source, k, coder, code))
    return pd.DataFrame(rows, columns=["segment_id", "source", "paragraph", "coder", "code"])


@settings(max_examples=100, deadline=None)
@given(projects())
def test_paragraph_units_equal_the_definition(project):
    spans, texts = project
    fast = paragraph_coding(spans, texts)
    slow = _paragraph_coding_by_loop(spans, texts)
    pd.testing.assert_frame_equal(fast, slow, check_dtype=False)


def test_covered_counts_overlaps_once():
    keys, total = covered([7, 7, 7, 7, 3], [0, 3, 3, 20, 4], [5, 8, 4, 21, 2])
    assert keys.tolist() == [3, 7] and total.tolist() == [0, 9]


def test_character_agreement_example():
    spans = pd.DataFrame({"source": ["s"] * 3, "coder": ["A", "B", "B"], "code": ["x"] * 3,
                          "start": [0, 2, 6], "end": [4, 5, 8]})
    row = character_agreement(spans, {"s": "abcdefghij"}).iloc[0]
    assert (row["both"], row["a_only"], row["b_only"], row["neither"]) == (2, 2, 3, 3)
    assert np.isclose(row["agreement"], 0.5)
