"""Synthetic data sets, generated from a fixed seed and committed.

``coachkit generate`` (or :func:`generate`) rebuilds every file in
``data/synthetic/`` byte for byte and writes ``MANIFEST.json`` with each
file's SHA-256, row count, the generator version and the seed.  Files are
written atomically (temporary file, then rename), so an interrupted run never
leaves a half-written data set.

Each data set draws from its own random stream, ``default_rng([seed, key])``,
so adding a new data set never changes the existing ones.

The source-description corpus is built to reproduce Table 1 of seed 001
(ch. 6.2) under the kit's default star rule: for every source × goal cell the
number of segments is drawn from the count interval that the default rule maps
to the published number of stars.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from . import _phrases
from .datasets import data_dir, load_dataset
from .stars import DEFAULT_RULE

#: Seed of the shipped synthetic data.
SEED = 20120601
#: Bump when a generator changes what it writes.
GENERATOR_VERSION = "1"

#: Sources of Table 1 (seed 001, ch. 6.2) with a short code for segment ids.
#: Räsänen's book was analysed but left out of the table (seed 001, ch. 5.2).
SOURCES = [
    ("TP", "Työpajayhdistys 2005–2006", False),
    ("PU", "Purhonen 2008", False),
    ("TE", "Tekevä", False),
    ("SA", "Suomenselän Sateenkaari", False),
    ("VI", "Vinni 2007", False),
    ("AK", "Ala-Kauhaluoma 2007", False),
    ("RA", "Räsänen", True),
]

#: Stars of the excluded Räsänen source are not published; the synthetic
#: corpus gives it a learning-methods emphasis, as the thesis describes it.
RASANEN_STARS = {"arjenhallinta": 0, "tyokyky": 2, "osaaminen": 4, "tyollistyminen": 1,
                 "tyossajaksaminen": 0}

#: Respondents of the coach questionnaire (seed 000, ch. 3): K1–K4 project
#: coaches in vocational institutions, K5–K8 partner-organisation trainers,
#: K9 an institution coach outside the project, V1–V8 peer coaches.
RESPONDENTS = (
    [(f"K{i}", "K", "hankkeen työhönvalmentaja") for i in range(1, 5)]
    + [(f"K{i}", "K", "kumppaniorganisaation kouluttaja") for i in range(5, 9)]
    + [("K9", "K", "oppilaitoksen valmentaja hankkeen ulkopuolelta")]
    + [(f"V{i}", "V", "vertaisvalmentaja oppilaitosten ulkopuolelta") for i in range(1, 9)]
)

#: Codes that a coder plausibly mixes up (used to make disagreement realistic).
CONFUSABLE = {
    "tasa_arvo": ["asiakaslahtoisyys"],
    "asiantuntijuus": ["asiakaslahtoisyys", "dialogisuus"],
    "luottamus": ["dialogisuus", "sopimuksellisuus"],
    "asiakaslahtoisyys": ["asiantuntijuus", "tasa_arvo"],
    "ratkaisukeskeisyys": ["asiakaslahtoisyys", "dialogisuus"],
    "sopimuksellisuus": ["suunnitelmallisuus", "luottamus"],
    "suunnitelmallisuus": ["sopimuksellisuus", "prosessi"],
    "prosessi": ["suunnitelmallisuus", "jatkuva_tuki"],
    "verkostotyo": ["tyonantajayhteistyo"],
    "tyonantajayhteistyo": ["tyoelamalahtoisyys", "verkostotyo"],
    "jatkuva_tuki": ["prosessi", "luottamus"],
    "dialogisuus": ["luottamus", "asiantuntijuus"],
    "dokumentointi": ["kuormitus", "suunnitelmallisuus"],
    "tyoelamalahtoisyys": ["tyonantajayhteistyo"],
    "kuormitus": ["dokumentointi"],
}

#: Codes that peer coaches (V) mention more often than institution coaches (K),
#: and the other way round: a planted group difference for the K-vs-V lesson.
GROUP_WEIGHTS = {
    "V": {"tyonantajayhteistyo": 3.0, "tyoelamalahtoisyys": 2.5, "jatkuva_tuki": 2.0},
    "K": {"dokumentointi": 2.5, "kuormitus": 2.5, "suunnitelmallisuus": 1.8},
}

#: Probability that each coder records the intended code.
CODER_ACCURACY = {"A": 0.92, "B": 0.85}


def _star_interval(stars: int, rule=DEFAULT_RULE) -> tuple[int, int]:
    """Smallest and largest count that ``rule`` maps to ``stars`` (capped for 4)."""
    t = list(rule.thresholds)
    if stars == 0:
        return 0, t[0] - 1
    low = t[stars - 1]
    high = t[stars] - 1 if stars < 4 else t[3] + 4
    return low, high


def source_corpus(seed: int = SEED) -> pd.DataFrame:
    """Reduced expressions of the seven source descriptions.

    Returns
    -------
    DataFrame
        ``segment_id, source, text, code, excluded``; ``code`` is a
        subcategory id of the codebook.
    """
    rng = np.random.default_rng([seed, 1])
    published = load_dataset("table1_published").set_index("source")
    subs = load_dataset("subcategories")
    goals = load_dataset("goals")["goal_id"].tolist()
    rows = []
    for short, name, excluded in SOURCES:
        stars = RASANEN_STARS if excluded else published.loc[name, goals].astype(int).to_dict()
        segs = []
        for goal in goals:
            low, high = _star_interval(int(stars[goal]))
            n = int(rng.integers(low, high + 1))
            options = subs.loc[subs["goal_id"] == goal, "subcategory_id"].tolist()
            # Every (phrase, target) pair at most once within a source.
            pool = [(c, p, t) for c in options for p in _phrases.REDUCED[c] for t in _phrases.TARGETS]
            picks = rng.choice(len(pool), size=n, replace=False)
            for k in picks:
                code, phrase, target = pool[k]
                text = f"{phrase} {target}".strip()
                segs.append((text[0].upper() + text[1:], code))
        order = rng.permutation(len(segs))
        for i, k in enumerate(order, start=1):
            text, code = segs[k]
            rows.append({"segment_id": f"{short}-{i:03d}", "source": name, "text": text,
                         "code": code, "excluded": "true" if excluded else "false"})
    return pd.DataFrame(rows)


def _coach_material(seed: int):
    rng = np.random.default_rng([seed, 2])
    values = load_dataset("values")["code_id"].tolist()
    excerpts, coding = [], []
    for rid, group, role in RESPONDENTS:
        weights = np.array([GROUP_WEIGHTS[group].get(c, 1.0) for c in values])
        n = int(rng.integers(5, 8))
        intended = rng.choice(values, size=n, replace=False, p=weights / weights.sum())
        for j, code in enumerate(intended, start=1):
            statement = str(rng.choice(_phrases.COACH_STATEMENTS[code]))
            opener = str(rng.choice(_phrases.OPENERS))
            if opener.endswith("että "):
                statement = statement[0].lower() + statement[1:]
            seg = f"{rid}-{j:02d}"
            excerpts.append({"segment_id": seg, "respondent": rid, "group": group,
                             "role": role, "text": opener + statement})
            for coder, accuracy in CODER_ACCURACY.items():
                if rng.random() < accuracy:
                    given = code
                elif rng.random() < 0.8:
                    given = str(rng.choice(CONFUSABLE[code]))
                else:
                    given = str(rng.choice([c for c in values if c != code]))
                coding.append({"segment_id": seg, "coder": coder, "code": given})
    return pd.DataFrame(excerpts), pd.DataFrame(coding)


def coach_excerpts(seed: int = SEED) -> pd.DataFrame:
    """Coach questionnaire excerpts: ``segment_id, respondent, group, role, text``."""
    return _coach_material(seed)[0]


def coach_coding(seed: int = SEED) -> pd.DataFrame:
    """Two coders' codes for the excerpts, long format: ``segment_id, coder, code``."""
    return _coach_material(seed)[1]


def _ips_pair(seed: int):
    """A provider's IPS-25 self-assessment before and a year after a development plan.

    Before: a workshop-style service (fair fidelity) — weak on rapid search,
    employer contact and time-unlimited support, strong on staffing.  After:
    the plan lifted the employer-facing items, so the total moves up a band.
    """
    rng = np.random.default_rng([seed, 3])
    weak = {15, 17, 18, 23, 9, 12}
    before = np.where(np.isin(np.arange(1, 26), list(weak)),
                      rng.integers(1, 3, 25), rng.integers(3, 5, 25))
    lift = np.where(np.isin(np.arange(1, 26), list(weak)), rng.integers(2, 4, 25),
                    rng.integers(0, 2, 25))
    after = np.minimum(before + lift, 5)
    items = np.arange(1, 26)
    return (pd.DataFrame({"item": items, "score": before}),
            pd.DataFrame({"item": items, "score": after}))


def ips_ratings_before(seed: int = SEED) -> pd.DataFrame:
    """Synthetic IPS-25 ratings (``item, score``) before a development plan."""
    return _ips_pair(seed)[0]


def ips_ratings_after(seed: int = SEED) -> pd.DataFrame:
    """Synthetic IPS-25 ratings of the same provider a year later."""
    return _ips_pair(seed)[1]


#: file name → builder; the manifest lists them in this order.
BUILDERS = {
    "source_corpus.csv": source_corpus,
    "coach_excerpts.csv": coach_excerpts,
    "coach_coding.csv": coach_coding,
    "ips_ratings_before.csv": ips_ratings_before,
    "ips_ratings_after.csv": ips_ratings_after,
}


def _csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _atomic_write(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def generate(out=None, *, seed: int = SEED, progress: bool = False) -> dict:
    """Write every synthetic data set and ``MANIFEST.json`` into ``out``.

    Parameters
    ----------
    out : path, optional
        Target folder; default ``data/synthetic`` of the kit.
    seed : int
        Base seed (the shipped data use :data:`SEED`).
    progress : bool
        Show a progress bar.

    Returns
    -------
    dict
        The manifest that was written.
    """
    out = Path(out) if out is not None else data_dir() / "synthetic"
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out}: exists and is not a folder; expected a folder for the data")
    files = {}
    items = list(BUILDERS.items())
    if progress:
        from tqdm.auto import tqdm

        items = tqdm(items, desc="coachkit generate", unit="file")
    payloads = {}
    for name, builder in items:
        df = builder(seed)
        payloads[name] = _csv_bytes(df)
        files[name] = {"sha256": hashlib.sha256(payloads[name]).hexdigest(), "rows": len(df)}
    for name, payload in payloads.items():
        _atomic_write(out / name, payload)
    manifest = {"generator": "coachkit.synthetic", "generator_version": GENERATOR_VERSION,
                "seed": seed, "files": files}
    _atomic_write(out / "MANIFEST.json",
                  (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return manifest
