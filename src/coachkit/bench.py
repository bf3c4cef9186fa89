"""Benchmarks (not tests): ``python -m coachkit.bench themes``.

Every figure is measured in the same run on the same data and reported as a
median over repeats, together with ratios to

* a **naive baseline** – a per-row Python loop that a student might write, and
* a **practical limit** – a bare ``pandas.crosstab`` of the same two columns,
  below which a star table cannot reasonably go (it must at least count).

Also shown: a tuned plain-Python loop (``zip`` over two columns), so that the
speed-up is not judged against ``iterrows`` alone.

Goals for the star table on 1,000,000 segments: ≥ 20× the loop, ≤ 2× the crosstab.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np
import pandas as pd


def _median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def synthetic_corpus(n: int, *, n_sources: int = 40, seed: int = 0) -> pd.DataFrame:
    """A large corpus in the CSV contract (random sources and subcategory codes)."""
    from .codebook import Codebook

    rng = np.random.default_rng(seed)
    codes = np.array(Codebook.load().codes, dtype=object)
    sources = np.array([f"Lähde {i:02d}" for i in range(n_sources)], dtype=object)
    return pd.DataFrame({
        "segment_id": np.char.add("s", np.arange(n).astype(str)).astype(object),
        "source": sources[rng.integers(0, n_sources, n)],
        "code": codes[rng.integers(0, len(codes), n)],
    })


def bench_themes(n: int = 1_000_000, repeats: int = 5) -> dict:
    from .codebook import Codebook
    from .stars import DEFAULT_RULE
    from .themes import read_corpus, star_table

    raw = synthetic_corpus(n)
    t0 = time.perf_counter()
    corpus = read_corpus(raw)
    t_read = time.perf_counter() - t0
    goal_of = Codebook.load().goal_map()
    goals = Codebook.load().order("goal")

    def naive():
        # What a first attempt looks like: one row at a time.
        counts = {}
        for _, row in raw.iterrows():
            src, code = row["source"], row["code"]
            key = (src, goal_of[code])
            counts[key] = counts.get(key, 0) + 1
        out = []
        for src in dict.fromkeys(raw["source"]):
            for g in goals:
                c = counts.get((src, g), 0)
                stars = sum(c >= t for t in DEFAULT_RULE.thresholds)
                out.append((src, g, c, stars))
        return out

    t_kit = _median_time(lambda: star_table(corpus), repeats)
    t_crosstab = _median_time(lambda: pd.crosstab(corpus["source"], corpus["category"]), repeats)
    def tuned():
        # The same loop without pandas row objects: the best plain Python does.
        counts = {}
        for src, code in zip(raw["source"], raw["code"], strict=True):
            key = (src, goal_of[code])
            counts[key] = counts.get(key, 0) + 1
        return counts

    t0 = time.perf_counter()
    naive_result = naive()
    t_naive = time.perf_counter() - t0
    t_tuned = _median_time(tuned, 1)
    check = pd.DataFrame(naive_result, columns=["source", "category", "count", "stars"])
    kit = star_table(corpus)
    merged = kit.merge(check, on=["source", "category"], suffixes=("", "_naive"))
    assert (merged["stars"] == merged["stars_naive"]).all(), "naive and kit disagree"
    return {"segments": n, "read_corpus_s": t_read, "star_table_s": t_kit,
            "naive_loop_s": t_naive, "tuned_loop_s": t_tuned, "crosstab_s": t_crosstab,
            "speedup_vs_loop": t_naive / t_kit, "ratio_to_crosstab": t_kit / t_crosstab}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m coachkit.bench")
    p.add_argument("what", choices=["themes"])
    p.add_argument("--n", type=int, default=1_000_000, help="segments (default 1,000,000)")
    p.add_argument("--repeats", type=int, default=5)
    args = p.parse_args(argv)
    r = bench_themes(args.n, args.repeats)
    print(f"star table, {r['segments']:,} segments (median of {args.repeats})")
    print(f"  read_corpus (validation, once) {r['read_corpus_s']:8.3f} s")
    print(f"  coachkit star_table            {r['star_table_s']:8.3f} s")
    print(f"  bare pandas.crosstab (limit)   {r['crosstab_s']:8.3f} s")
    print(f"  naive per-row loop (iterrows)  {r['naive_loop_s']:8.3f} s")
    print(f"  tuned Python loop (zip, count) {r['tuned_loop_s']:8.3f} s")
    print(f"  speed-up vs loop    {r['speedup_vs_loop']:6.1f}×   (goal ≥ 20×)")
    print(f"  speed-up vs tuned   {r['tuned_loop_s'] / r['star_table_s']:6.1f}×")
    print(f"  ratio to crosstab   {r['ratio_to_crosstab']:6.2f}×   (goal ≤ 2×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
