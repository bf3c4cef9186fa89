"""From coded text spans to units for agreement: paragraphs and characters.

A QDA project stores each coder's codings as character spans of the texts
(``source, coder, code, start, end``).  Agreement needs units both coders judged:

* **paragraphs** (:func:`paragraph_coding`) — each non-empty line of a text is a
  unit.  A coder's code for a paragraph is the code of that coder's selections
  overlapping it; when several of a coder's codes overlap one paragraph, the
  code covering **most characters of the paragraph** wins (ties: the selection
  that starts first).  A paragraph that one coder coded and another did not gets
  the code ``(uncoded)`` from the other, so missing a passage counts as
  disagreement; paragraphs nobody coded are left out (they would only inflate
  agreement).  The result is a coding table in the CSV contract
  (``segment_id, coder, code``) for :func:`coachkit.agreement.agreement`.
* **characters** (:func:`character_agreement`) — per source, code and pair of
  coders, the characters coded by both, by one only and by neither, and κ over
  characters, as NVivo's coding comparison reports it.

The choice of unit changes the numbers: paragraphs weigh a short and a long
passage alike, characters weigh long passages more; the README says so.

>>> spans = pd.DataFrame({"source": ["s", "s"], "coder": ["A", "B"], "code": ["x", "x"],
...                       "start": [0, 2], "end": [4, 4]})
>>> character_agreement(spans, {"s": "abcdefgh"})[["both", "a_only", "b_only", "neither"]].iloc[0].tolist()
[2, 2, 0, 4]
"""

from __future__ import annotations

import re
from itertools import combinations

import numpy as np
import pandas as pd

UNCODED = "(uncoded)"


def paragraphs(text: str) -> list:
    """``(start, end)`` of each non-empty line of ``text`` (character offsets).

    >>> paragraphs("first\\n\\n  second line\\n")
    [(0, 5), (7, 20)]
    """
    return [(m.start(), m.end()) for m in re.finditer(r"[^\r\n]+", text) if m.group().strip()]


def paragraph_coding(spans: pd.DataFrame, texts: dict) -> pd.DataFrame:
    """One row per coded paragraph and coder: ``segment_id, source, paragraph, coder, code``.

    Parameters
    ----------
    spans : DataFrame
        ``source, coder, code, start, end``.
    texts : dict
        source → plain text.  Sources without text have no paragraphs and are
        left out (the caller says so).

    Each span is matched to the paragraphs it overlaps by binary search over the
    paragraph bounds (no loop over paragraphs), so a long project stays fast.
    """
    columns = ["segment_id", "source", "paragraph", "coder", "code"]
    coders = list(dict.fromkeys(spans["coder"]))
    parts = []
    for source, group in spans.groupby("source", sort=False):
        text = texts.get(source, "")
        bounds = np.array(paragraphs(text), dtype=np.int64).reshape(-1, 2) if text else None
        if bounds is None or not len(bounds):
            continue
        starts = group["start"].to_numpy(np.int64)
        ends = group["end"].to_numpy(np.int64)
        first = np.searchsorted(bounds[:, 1], starts, side="right")  # first paragraph ending after
        last = np.searchsorted(bounds[:, 0], ends, side="left")      # paragraphs starting before
        n = np.maximum(last - first, 0)
        row = np.repeat(np.arange(len(group)), n)
        para = np.repeat(first, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
        overlap = (np.minimum(ends[row], bounds[para, 1])
                   - np.maximum(starts[row], bounds[para, 0]))
        keep = overlap > 0
        parts.append(pd.DataFrame({
            "source": source, "paragraph": para[keep] + 1, "row": row[keep],
            "coder": group["coder"].to_numpy()[row[keep]],
            "code": group["code"].to_numpy()[row[keep]],
            "start": starts[row[keep]], "overlap": overlap[keep]}))
    if not parts:
        return pd.DataFrame(columns=columns)
    hits = pd.concat(parts, ignore_index=True)
    # a coder's code for a paragraph: most characters of it, then the selection starting first
    # (then the code the coder used first there)
    per_code = hits.groupby(["source", "paragraph", "coder", "code"], sort=False).agg(
        chars=("overlap", "sum"), first=("start", "min"), row=("row", "min")).reset_index()
    per_code["chars"] = -per_code["chars"]
    chosen = (per_code.sort_values(["chars", "first", "row"], kind="stable")
              .drop_duplicates(["source", "paragraph", "coder"]))
    units = hits[["source", "paragraph"]].drop_duplicates()
    units["order"] = pd.Categorical(units["source"], categories=list(dict.fromkeys(
        spans["source"]))).codes
    units = units.sort_values(["order", "paragraph"], kind="stable").drop(columns="order")
    full = units.merge(pd.DataFrame({"coder": coders}), how="cross")
    full = full.merge(chosen[["source", "paragraph", "coder", "code"]], how="left",
                      on=["source", "paragraph", "coder"])
    full["code"] = full["code"].fillna(UNCODED)
    full["segment_id"] = full["source"].astype(str) + " ¶" + full["paragraph"].astype(str)
    full["paragraph"] = full["paragraph"].astype(int)
    return full[columns].reset_index(drop=True)


def _kappa(both: int, a_only: int, b_only: int, neither: int) -> float:
    n = both + a_only + b_only + neither
    if n == 0:
        return np.nan
    po = (both + neither) / n
    pa, pb = (both + a_only) / n, (both + b_only) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


CHARACTER_COLUMNS = ["source", "code", "coder_a", "coder_b", "characters", "both", "a_only",
                     "b_only", "neither", "agreement", "kappa"]


def covered(spans: pd.DataFrame, by: list) -> pd.Series:
    """Characters covered by the spans of each group, overlaps counted once.

    Interval arithmetic: sorted by group and start, a span opens a new run where it
    starts after every earlier span of its group ended; a run's length is its last
    end minus its first start.  O(n log n) in the number of spans, whatever the
    length of the texts.

    >>> s = pd.DataFrame({"k": ["a", "a", "a", "b"], "start": [0, 2, 10, 5], "end": [4, 6, 12, 5]})
    >>> covered(s, ["k"]).to_dict()
    {'a': 8, 'b': 0}
    """
    if spans.empty:
        return pd.Series(dtype=np.int64, index=pd.MultiIndex.from_tuples([], names=by)
                         if len(by) > 1 else pd.Index([], name=by[0]))
    ordered = spans.sort_values([*by, "start"], kind="stable")
    keys = ordered.groupby(by, sort=False).ngroup().to_numpy(np.int64)
    starts = ordered["start"].to_numpy(np.int64)
    ends = np.maximum(ordered["end"].to_numpy(np.int64), starts)
    # shift each group past the one before, so one running maximum serves them all
    shift = keys * (int(ends.max()) + 1)
    s, e = starts + shift, ends + shift
    ended = np.maximum.accumulate(e)
    opens = np.ones(len(s), dtype=bool)
    opens[1:] = s[1:] > ended[:-1]
    first = np.flatnonzero(opens)
    lengths = np.maximum.reduceat(e, first) - s[first]
    total = np.bincount(keys[first], weights=lengths, minlength=keys.max() + 1).astype(np.int64)
    index = ordered.drop_duplicates(by)[by]
    index = (pd.MultiIndex.from_frame(index) if len(by) > 1 else pd.Index(index[by[0]]))
    return pd.Series(total, index=index)


def character_agreement(spans: pd.DataFrame, texts: dict) -> pd.DataFrame:
    """Character-level agreement per source, code and pair of coders (NVivo's coding comparison).

    A text's length is its number of characters; for a source whose text is
    missing, the end of its last coded span stands in for it.  Spans are clipped
    to the text.  Computed by interval arithmetic (:func:`covered`): the characters
    coded by both of a pair are those coded by each, minus those coded by either.

    Returns
    -------
    DataFrame
        ``source, code, coder_a, coder_b, characters, both, a_only, b_only, neither,
        agreement, kappa`` — ``agreement`` is (both + neither) / characters and
        ``kappa`` Cohen's κ over characters.  Only source × code combinations
        that at least one of the pair coded are listed.
    """
    coders = list(dict.fromkeys(spans["coder"]))
    if spans.empty or len(coders) < 2:
        return pd.DataFrame(columns=CHARACTER_COLUMNS)
    s = spans[["source", "code", "coder", "start", "end"]].copy()
    s["pos"] = np.arange(len(s))
    ends = s.groupby("source", sort=False)["end"].max()
    length = {src: len(texts.get(src, "")) or int(ends[src]) for src in ends.index}
    s["length"] = s["source"].map(length).astype(np.int64)
    s["start"] = s["start"].astype(np.int64).clip(lower=0)
    s["end"] = np.minimum(s["end"].astype(np.int64), s["length"])
    # list in the order the spans first name each source and, within it, each code
    order = s.groupby(["source", "code"], sort=False)["pos"].min()
    source_rank = {src: i for i, src in enumerate(dict.fromkeys(s["source"]))}
    per_coder = covered(s, ["source", "code", "coder"])
    frames = []
    for ca, cb in combinations(coders, 2):
        pair = s.loc[s["coder"].isin([ca, cb])]
        union = covered(pair, ["source", "code"])
        a = per_coder.xs(ca, level="coder").reindex(union.index, fill_value=0)
        b = per_coder.xs(cb, level="coder").reindex(union.index, fill_value=0)
        t = union.index.to_frame(index=False)
        t["coder_a"], t["coder_b"] = ca, cb
        t["characters"] = t["source"].map(length).astype(np.int64)
        t["both"] = (a + b - union).to_numpy()
        t["a_only"] = a.to_numpy() - t["both"]
        t["b_only"] = b.to_numpy() - t["both"]
        t["neither"] = t["characters"] - union.to_numpy()
        t = t.loc[union.to_numpy() > 0]
        t["pair"] = len(frames)
        frames.append(t)
    out = pd.concat(frames, ignore_index=True)
    out["rank"] = out["source"].map(source_rank)
    out["first"] = [order[k] for k in zip(out["source"], out["code"], strict=True)]
    out = out.sort_values(["rank", "first", "pair"], kind="stable", ignore_index=True)
    n = out["characters"].replace(0, np.nan)
    out["agreement"] = (out["both"] + out["neither"]) / n
    out["kappa"] = [_kappa(*r) for r in zip(out["both"], out["a_only"], out["b_only"],
                                            out["neither"], strict=True)]
    return out[CHARACTER_COLUMNS].astype({c: np.int64 for c in CHARACTER_COLUMNS[4:9]})


def character_agreement_by_mask(spans: pd.DataFrame, texts: dict) -> pd.DataFrame:
    """The same comparison one character at a time (a boolean mask per text).

    The reference :func:`character_agreement` is tested against and the
    benchmark's baseline; its cost grows with the length of the texts times the
    number of codes.
    """
    coders = list(dict.fromkeys(spans["coder"]))
    rows = []
    for source, group in spans.groupby("source", sort=False):
        length = len(texts.get(source, "")) or int(group["end"].max())
        for code, g in group.groupby("code", sort=False):
            masks = {}
            for coder in coders:
                m = np.zeros(length, dtype=bool)
                for a, b in zip(g.loc[g["coder"] == coder, "start"],
                                g.loc[g["coder"] == coder, "end"], strict=True):
                    m[int(a):int(b)] = True
                masks[coder] = m
            for ca, cb in combinations(coders, 2):
                a, b = masks[ca], masks[cb]
                if not (a.any() or b.any()):
                    continue
                both, a_only = int((a & b).sum()), int((a & ~b).sum())
                b_only, neither = int((~a & b).sum()), int((~a & ~b).sum())
                rows.append({"source": source, "code": code, "coder_a": ca, "coder_b": cb,
                             "characters": length, "both": both, "a_only": a_only,
                             "b_only": b_only, "neither": neither,
                             "agreement": (both + neither) / length if length else np.nan,
                             "kappa": _kappa(both, a_only, b_only, neither)})
    return pd.DataFrame(rows, columns=["source", "code", "coder_a", "coder_b", "characters", "both",
                                       "a_only", "b_only", "neither", "agreement", "kappa"])
