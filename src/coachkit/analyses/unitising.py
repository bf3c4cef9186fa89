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
  (``segment_id, coder, code``) for :func:`coachkit.analyses.agreement.agreement`.
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
    sources = pd.unique(spans["source"].to_numpy(object)).tolist()  # in order of appearance
    coders, coder_id = np.unique(spans["coder"].to_numpy(object).astype(str), return_inverse=True)
    coder_order = pd.unique(spans["coder"].to_numpy(object)).tolist()
    codes, code_id = np.unique(spans["code"].to_numpy(object).astype(str), return_inverse=True)
    # every source's paragraphs on one axis: source i's characters start at offset[i]
    bounds, owner, number, offset, pos = [], [], [], {}, 0
    for i, source in enumerate(sources):
        text = texts.get(source, "")
        if not text:
            continue
        offset[source] = pos
        paras = paragraphs(text)
        bounds += [(pos + a, pos + b) for a, b in paras]
        owner += [i] * len(paras)
        number += range(1, len(paras) + 1)
        pos += len(text) + 1
    if not bounds:
        return pd.DataFrame(columns=columns)
    bounds = np.array(bounds, dtype=np.int64)
    shift = spans["source"].map(offset)
    has_text = shift.notna().to_numpy()
    shift = shift.fillna(0).to_numpy(np.int64)
    length = spans["source"].map({s: len(texts.get(s, "")) for s in sources}).to_numpy(np.int64)
    # clip to the text, so a span never reaches into the next source's paragraphs
    starts = np.clip(spans["start"].to_numpy(np.int64), 0, length) + shift
    ends = np.clip(spans["end"].to_numpy(np.int64), 0, length) + shift
    first = np.searchsorted(bounds[:, 1], starts, side="right")  # first paragraph ending after
    last = np.searchsorted(bounds[:, 0], ends, side="left")      # paragraphs starting before
    n = np.where(has_text, np.maximum(last - first, 0), 0)
    row = np.repeat(np.arange(len(spans)), n)
    para = np.repeat(first, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    overlap = np.minimum(ends[row], bounds[para, 1]) - np.maximum(starts[row], bounds[para, 0])
    keep = overlap > 0
    row, para, overlap = row[keep], para[keep], overlap[keep]
    if not len(row):
        return pd.DataFrame(columns=columns)
    # characters of each paragraph × coder × code, the first start and first row among them
    key = (para * len(coders) + coder_id[row]) * len(codes) + code_id[row]
    order = np.lexsort((row, key))
    key, row, overlap = key[order], row[order], overlap[order]
    head = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    chars = np.add.reduceat(overlap, head)
    first_start = np.minimum.reduceat(starts[row], head)
    first_row = row[head]
    unit_coder = key[head] // len(codes)
    # a coder's code for a paragraph: most characters of it, then the selection starting first
    # (then the code the coder used first there)
    best = np.lexsort((first_row, first_start, -chars, unit_coder))
    winner = best[np.r_[True, unit_coder[best][1:] != unit_coder[best][:-1]]]
    chosen = dict(zip(unit_coder[winner].tolist(), codes[key[head][winner] % len(codes)].tolist(),
                      strict=True))
    units = np.unique(unit_coder // len(coders))  # coded paragraphs, in text order
    rank = {c: i for i, c in enumerate(coders)}
    out_code = [chosen.get(u * len(coders) + rank[c], UNCODED) for u in units.tolist()
                for c in coder_order]
    src = [sources[owner[u]] for u in units.tolist()]
    k = [number[u] for u in units.tolist()]
    reps = len(coder_order)
    out = pd.DataFrame({
        "segment_id": np.repeat([f"{a} ¶{b}" for a, b in zip(src, k, strict=True)], reps),
        "source": np.repeat(np.array(src, dtype=object), reps),
        "paragraph": np.repeat(np.array(k, dtype=np.int64), reps),
        "coder": coder_order * len(units), "code": out_code})
    return out[columns]


def _kappa(both: int, a_only: int, b_only: int, neither: int) -> float:
    """Cohen's κ of two coders over characters; 1 where both coded every character.

    κ is then undefined (chance agreement is 1); 1 is NVivo's convention in its coding
    comparison, kept so the kit's numbers match NVivo's, and said in a note by
    :func:`coachkit.analyses.agreement.agreement`.

    >>> _kappa(10, 0, 0, 0), round(_kappa(6, 2, 0, 2), 3)
    (1.0, 0.545)
    """
    n = both + a_only + b_only + neither
    if n == 0:
        return np.nan
    po = (both + neither) / n
    pa, pb = (both + a_only) / n, (both + b_only) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


CHARACTER_COLUMNS = ["source", "code", "coder_a", "coder_b", "characters", "both", "a_only",
                     "b_only", "neither", "agreement", "kappa"]


def covered(keys, starts, ends):
    """Characters covered by the spans of each group, overlaps counted once.

    Interval arithmetic: sorted by group and start, a span opens a new run where it
    starts after every earlier span of its group ended; a run's length is its last
    end minus its first start.  O(n log n) in the number of spans, whatever the
    length of the texts.  Returns the groups (sorted) and their covered lengths.

    >>> covered(np.array([1, 1, 1, 2]), np.array([0, 2, 10, 5]), np.array([4, 6, 12, 5]))
    (array([1, 2]), array([8, 0]))
    """
    keys, starts = np.asarray(keys, dtype=np.int64), np.asarray(starts, dtype=np.int64)
    ends = np.maximum(np.asarray(ends, dtype=np.int64), starts)
    if not len(keys):
        return keys, keys.copy()
    order = np.lexsort((starts, keys))
    keys, starts, ends = keys[order], starts[order], ends[order]
    # shift each group past the one before, so one running maximum serves them all
    group = np.cumsum(np.r_[0, keys[1:] != keys[:-1]])
    shift = group * (int(ends.max()) - int(min(starts.min(), 0)) + 1)
    s, e = starts + shift, ends + shift
    opens = np.r_[True, s[1:] > np.maximum.accumulate(e)[:-1]]
    first = np.flatnonzero(opens)
    lengths = np.maximum.reduceat(e, first) - s[first]
    total = np.bincount(group[first], weights=lengths, minlength=group[-1] + 1)
    return keys[np.r_[True, keys[1:] != keys[:-1]]], total.astype(np.int64)


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
        ``kappa`` Cohen's κ over characters: 1 where both coders coded every character of
        the source, where κ is undefined (NVivo's convention, kept to match NVivo).  Only
        source × code combinations that at least one of the pair coded are listed.
    """
    src_id, sources = pd.factorize(spans["source"])
    code_id, codes = pd.factorize(spans["code"])
    coder_id, coders = pd.factorize(spans["coder"])
    if spans.empty or len(coders) < 2:
        return pd.DataFrame(columns=CHARACTER_COLUMNS)
    last_end = np.zeros(len(sources), dtype=np.int64)
    np.maximum.at(last_end, src_id, spans["end"].to_numpy(np.int64))
    length = np.array([len(texts.get(s, "")) or int(e) for s, e in zip(sources, last_end,
                                                                          strict=True)])
    starts = np.clip(spans["start"].to_numpy(np.int64), 0, None)
    ends = np.minimum(spans["end"].to_numpy(np.int64), length[src_id])
    pair_key = src_id.astype(np.int64) * len(codes) + code_id        # source × code
    coder_key = pair_key * len(coders) + coder_id                    # source × code × coder
    keys_c, cov_c = covered(coder_key, starts, ends)
    by_coder = dict(zip(keys_c.tolist(), cov_c.tolist(), strict=True))
    # listed in the order the spans first name each source and, within it, each code
    seen, first_row = np.unique(pair_key, return_index=True)
    first_of = dict(zip(seen.tolist(), first_row.tolist(), strict=True))
    frames = []
    for p, (i, j) in enumerate(combinations(range(len(coders)), 2)):
        mine = (coder_id == i) | (coder_id == j)
        keys, union = covered(pair_key[mine], starts[mine], ends[mine])
        a = np.array([by_coder.get(k * len(coders) + i, 0) for k in keys.tolist()], dtype=np.int64)
        b = np.array([by_coder.get(k * len(coders) + j, 0) for k in keys.tolist()], dtype=np.int64)
        keep = union > 0
        keys, union, a, b = keys[keep], union[keep], a[keep], b[keep]
        src = keys // len(codes)
        n = length[src]
        both = a + b - union
        frames.append(pd.DataFrame({
            "rank": src, "first": [first_of[k] for k in keys.tolist()], "pair": p,
            "source": sources[src], "code": codes[keys % len(codes)], "coder_a": coders[i],
            "coder_b": coders[j], "characters": n, "both": both, "a_only": a - both,
            "b_only": b - both, "neither": n - union}))
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(["rank", "first", "pair"], kind="stable", ignore_index=True)
    chars = out["characters"].replace(0, np.nan)
    out["agreement"] = (out["both"] + out["neither"]) / chars
    out["kappa"] = [_kappa(*r) for r in zip(out["both"].tolist(), out["a_only"].tolist(),
                                            out["b_only"].tolist(), out["neither"].tolist(),
                                            strict=True)]
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
