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
    """
    coders = list(dict.fromkeys(spans["coder"]))
    rows = []
    for source, group in spans.groupby("source", sort=False):
        text = texts.get(source, "")
        if not text:
            continue
        starts, ends = group["start"].to_numpy(), group["end"].to_numpy()
        for k, (p0, p1) in enumerate(paragraphs(text), start=1):
            overlap = np.minimum(ends, p1) - np.maximum(starts, p0)
            hit = group.loc[overlap > 0].assign(overlap=overlap[overlap > 0])
            if hit.empty:
                continue
            chosen = {}
            for coder, mine in hit.groupby("coder", sort=False):
                per_code = mine.groupby("code", sort=False).agg(chars=("overlap", "sum"),
                                                                first=("start", "min"))
                per_code = per_code.sort_values(["chars", "first"], ascending=[False, True])
                chosen[coder] = per_code.index[0]
            for coder in coders:
                rows.append({"segment_id": f"{source} ¶{k}", "source": source, "paragraph": k,
                             "coder": coder, "code": chosen.get(coder, UNCODED)})
    return pd.DataFrame(rows, columns=["segment_id", "source", "paragraph", "coder", "code"])


def _kappa(both: int, a_only: int, b_only: int, neither: int) -> float:
    n = both + a_only + b_only + neither
    if n == 0:
        return np.nan
    po = (both + neither) / n
    pa, pb = (both + a_only) / n, (both + b_only) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def character_agreement(spans: pd.DataFrame, texts: dict) -> pd.DataFrame:
    """Character-level agreement per source, code and pair of coders (NVivo's coding comparison).

    A text's length is its number of characters; for a source whose text is
    missing, the end of its last coded span stands in for it.

    Returns
    -------
    DataFrame
        ``source, code, coder_a, coder_b, characters, both, a_only, b_only, neither,
        agreement, kappa`` — ``agreement`` is (both + neither) / characters and
        ``kappa`` Cohen's κ over characters.  Only source × code combinations
        that at least one of the pair coded are listed.
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
