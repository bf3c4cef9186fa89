"""Synthetic data sets, generated from a fixed seed and committed.

``coachkit generate`` (or :func:`generate`) rebuilds every file in
``data/synthetic/`` byte for byte and writes ``MANIFEST.json`` with each
file's SHA-256, row count, the generator version and the seed.  Files are
written atomically (temporary file, then rename), so an interrupted run never
leaves a half-written data set.

Each data set draws from its own random stream, ``default_rng([seed, key])``,
so adding a new data set never changes the existing ones.

The source-description corpus is built to reproduce Table 1 of the thesis on
work coaching (ch. 6.2) under the kit's default star rule: for every source × goal cell the
number of segments is drawn from the count interval that the default rule maps
to the published number of stars.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd

from ..analyses.stars import DEFAULT_RULE
from ..datasets import data_dir, load_dataset
from ..formats import write_atomic
from ..reference.profiles import PROFILE_EMPLOYMENT, PROFILE_HOURS, SEED  # noqa: F401 (re-exported)
from . import phrases as _phrases

#: Bump when a generator changes what it writes.
GENERATOR_VERSION = "1"

#: Sources of Table 1 (the thesis on work coaching, ch. 6.2) with a short code for segment ids.
#: Räsänen's book was analysed but left out of the table (the thesis, ch. 5.2).
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

#: Respondents of the coach questionnaire (Pikkusaari 2012, codes in ch. 2): K1–K4 project
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


#: Providers of the feedback survey: client mix (weights over the 7 profiles of
#: the TE service-design report, ch. 3), how well they deliver each level of the value pyramid (latent
#: mean on the 1–5 scale) and an employment effect (local labour market, on
#: the logit scale).  Built so that ranking by employment rate and by pyramid
#: index disagree: easy client mixes buy employment without value, and the
#: other way round.
PROVIDERS = {
    "Aalto": {"mix": [4, 3, 3, 1, 1, 1, 1], "levels": (3.2, 3.1, 2.9), "emp": 0.5},
    "Koski": {"mix": [3, 3, 3, 1, 1, 1, 1], "levels": (4.2, 4.1, 3.9), "emp": 0.3},
    "Harju": {"mix": [2, 2, 2, 2, 2, 2, 2], "levels": (3.7, 3.6, 3.4), "emp": 0.0},
    "Salo": {"mix": [1, 1, 1, 2, 2, 4, 4], "levels": (4.3, 4.2, 4.1), "emp": -0.2},
    "Niemi": {"mix": [1, 1, 1, 3, 3, 3, 3], "levels": (3.0, 3.0, 2.8), "emp": -0.1},
    "Lahti": {"mix": [1, 2, 2, 3, 3, 2, 2], "levels": (4.0, 4.1, 4.0), "emp": 0.0},
}
HOURS_CAP = 50
#: Weight of each level's latent quality on the usefulness latent (per scale
#: point); employment adds on top.  Documented in coachkit.analyses.pyramid.
USEFUL_WEIGHTS = {"I": 0.9, "II": 1.0, "III": 0.8, "employed": 0.9}


def feedback_survey(seed: int = SEED) -> pd.DataFrame:
    """Synthetic client feedback for the value pyramid (Pikkusaari 2012, ch. 5.1).

    One row per client: ``client_id, provider, profile, hours, employed,
    employed_6m, useful`` and Likert items ``I_…``, ``II_…``, ``III_…`` (1–5,
    about 2 % of single answers left blank).

    Generating model (per client): latent level qualities ``q_L`` = provider
    mean + client deviation (sd 0.6), item answer = round(q_L + item noise sd
    0.5) clipped to 1–5.  Employment at exit ~ Bernoulli(logistic(−0.9 +
    profile effect + provider effect + 0.35 (q_I − 3.5))).  In work six months
    later: if employed, Bernoulli(logistic(0.6 + 0.9 (q_III − 3.5))).
    Usefulness latent = Σ w_L (q_L − 3.5) + w_emp employed + logistic noise,
    cut at −2.5, −1.2, 0.2, 1.6 into 1–5.
    """
    rng = np.random.default_rng([seed, 4])
    items = load_dataset("pyramid_items")
    profiles = load_dataset("client_profiles")["profile_id"].tolist()
    rows = []
    per_provider = 50
    for p_index, (name, spec) in enumerate(PROVIDERS.items()):
        mix = np.array(spec["mix"], dtype=float)
        prof_idx = rng.choice(len(profiles), size=per_provider, p=mix / mix.sum())
        for j, k in enumerate(prof_idx, start=1):
            q = {lvl: spec["levels"][i] + rng.normal(0, 0.6) for i, lvl in enumerate(("I", "II", "III"))}
            logit = -0.9 + PROFILE_EMPLOYMENT[k] + spec["emp"] + 0.35 * (q["I"] - 3.5)
            employed = int(rng.random() < 1 / (1 + np.exp(-logit)))
            stay = 1 / (1 + np.exp(-(0.6 + 0.9 * (q["III"] - 3.5))))
            employed_6m = int(employed and rng.random() < stay)
            hours = int(min(HOURS_CAP, max(2, round(rng.gamma(4, PROFILE_HOURS[k] / 4)))))
            latent = (sum(USEFUL_WEIGHTS[lvl] * (q[lvl] - 3.5) for lvl in ("I", "II", "III"))
                      + USEFUL_WEIGHTS["employed"] * employed + rng.logistic(0, 0.8))
            useful = int(np.searchsorted([-2.5, -1.2, 0.2, 1.6], latent) + 1)
            row = {"client_id": f"{name[0]}{p_index + 1}-{j:03d}", "provider": name,
                   "profile": profiles[k], "hours": hours, "employed": employed,
                   "employed_6m": employed_6m, "useful": useful}
            for it in items.itertuples():
                answer = int(np.clip(round(q[it.level] + rng.normal(0, 0.5)), 1, 5))
                row[it.item] = "" if rng.random() < 0.02 else answer
            rows.append(row)
    return pd.DataFrame(rows)


def _exercise_material(seed: int):
    """Fresh excerpts for exercise 1 (with a reference coding) and a new source for exercise 2."""
    rng = np.random.default_rng([seed, 5])
    values = load_dataset("values")["code_id"].tolist()
    codes = rng.choice(values, size=12, replace=False)
    excerpts, reference = [], []
    for i, code in enumerate(codes, start=1):
        statement = str(rng.choice(_phrases.COACH_STATEMENTS[code]))
        excerpts.append({"segment_id": f"H1-{i:02d}", "text": statement})
        reference.append({"segment_id": f"H1-{i:02d}", "reference_code": str(code)})
    subs = load_dataset("subcategories")
    # counts chosen to land in different star bands of the default rule
    counts = {"arjenhallinta": 4, "tyokyky": 7, "osaaminen": 1, "tyollistyminen": 11,
              "tyossajaksaminen": 0}
    source = []
    for goal, n in counts.items():
        options = subs.loc[subs["goal_id"] == goal, "subcategory_id"].tolist()
        pool = [(c, p) for c in options for p in _phrases.REDUCED[c]]
        for k in rng.choice(len(pool), size=n, replace=False):
            code, phrase = pool[k]
            source.append((phrase[0].upper() + phrase[1:], code))
    order = rng.permutation(len(source))
    new_source = pd.DataFrame([{"segment_id": f"UK-{i:03d}", "source": "Uusi kuvaus",
                                "text": source[k][0], "code": source[k][1]}
                               for i, k in enumerate(order, start=1)])
    return pd.DataFrame(excerpts), pd.DataFrame(reference), new_source


def exercise_excerpts(seed: int = SEED) -> pd.DataFrame:
    """Twelve fresh coach excerpts for exercise 1: ``segment_id, text``."""
    return _exercise_material(seed)[0]


def exercise_reference(seed: int = SEED) -> pd.DataFrame:
    """The reference coder's codes for exercise 1: ``segment_id, reference_code``."""
    return _exercise_material(seed)[1]


def exercise_new_source(seed: int = SEED) -> pd.DataFrame:
    """A new source description for exercise 2, in the corpus contract."""
    return _exercise_material(seed)[2]


#: Coaching-year plans (issue 15, part 2): a provider's plan for each synthetic client,
#: built by coachkit.models.planning's rules.  Weights per phase × activity for the two ways of
#: working the study contrasts (Pikkusaari 2012, luku 4.1 coaching-centred, 4.2 employment-centred);
#: the weights are the kit's assumptions, not figures of the study.
PLAN_WEIGHTS = {
    "valmennuskeskeinen": {
        ("suuntaaminen", "tutustuminen"): 4, ("suuntaaminen", "suunnittelu"): 6,
        ("suuntaaminen", "elamantilanne"): 4, ("suuntaaminen", "tyonhaku"): 1,
        ("suuntaaminen", "raportointi"): 1, ("loytaminen", "suunnittelu"): 3,
        ("loytaminen", "tyonhaku"): 3, ("loytaminen", "tyonantajat"): 1.5,
        ("loytaminen", "elamantilanne"): 2, ("loytaminen", "raportointi"): 1,
        ("vakiinnuttaminen", "tyopaikkatuki"): 1.5, ("vakiinnuttaminen", "elamantilanne"): 1,
        ("vakiinnuttaminen", "raportointi"): 0.5, ("polku", "suunnittelu"): 1,
        ("polku", "raportointi"): 0.5,
    },
    "tyollistymiskeskeinen": {
        ("suuntaaminen", "tutustuminen"): 1.5, ("suuntaaminen", "suunnittelu"): 1.5,
        ("suuntaaminen", "tyonhaku"): 2, ("suuntaaminen", "tyonantajat"): 1.5,
        ("suuntaaminen", "raportointi"): 0.5, ("loytaminen", "tyonhaku"): 4,
        ("loytaminen", "tyonantajat"): 5, ("loytaminen", "tyopaikkatuki"): 1.5,
        ("loytaminen", "elamantilanne"): 1, ("loytaminen", "raportointi"): 0.5,
        ("vakiinnuttaminen", "tyopaikkatuki"): 3, ("vakiinnuttaminen", "tyonantajat"): 1,
        ("vakiinnuttaminen", "raportointi"): 0.5, ("polku", "tyonhaku"): 0.5,
        ("polku", "tyopaikkatuki"): 0.5,
    },
}
#: Meetings a coaching-centred provider plans after work starts: the kit's assumption, used
#: only to build synthetic plans (the study names one check 3–6 months after the period,
#: claim ``orient.coach.follow_up_3_6``, and no meeting count).
COACHING_CENTRED_FOLLOWUPS = 2
#: One sketch per client profile (the seven profiles, claim ``te.profiles_7``; written for the kit).
PROFILE_SKETCHES = {
    "osaaja": "Pitkä työura takana, irtisanottiin tuotannon siirtyessä muualle; hakee samalta alalta.",
    "alanvaihtaja": "Vaihtoi alaa ja valmistui juuri; työkokemus uudelta alalta puuttuu.",
    "vastavalmistunut": "Alle 30-vuotias, tutkinto valmis; ensimmäinen oman alan työpaikka hakusessa.",
    "nuori": "Nuori ilman ammatillista tutkintoa; kiinnostunut varastotyöstä ja kokeilisi oppisopimusta.",
    "maahanmuuttaja": "Muutti Suomeen kolme vuotta sitten, ammatti kotimaasta; suomen kieli vahvistuu.",
    "pitkaaikaistyoton": ("Ollut työttömänä yli vuoden; arjen rytmi ja usko omiin "
                          "mahdollisuuksiin ovat koetuksella."),
    "osatyokykyinen": "Selkävaiva rajaa raskasta työtä; etsii kevennettyä tehtävää palkkatuen avulla.",
}


def _round_to_halves(values, total):
    """Round to 0.5 h keeping the sum exactly ``total`` (largest remainder)."""
    halves = np.asarray(values, dtype=float) * 2
    base = np.floor(halves)
    short = int(round(total * 2 - base.sum()))
    order = np.argsort(-(halves - base), kind="stable")
    base[order[:short]] += 1
    return base / 2


def _coaching_year(seed: int):
    from ..models.planning import HOURS_CAP, followup_schedule  # planning reads the kit's data too

    rng = np.random.default_rng([seed, 153])
    phase_order = {p: i for i, p in enumerate(load_dataset("plan_phases")["phase_id"])}
    activity_order = {a: i for i, a in enumerate(load_dataset("plan_activities")["activity_id"])}
    profiles = load_dataset("client_profiles")["profile_id"].tolist()
    clients, plans = [], []
    for i in range(14):
        k = i % len(profiles)
        orientation = "tyollistymiskeskeinen" if i // len(profiles) == 0 else "valmennuskeskeinen"
        client = f"A{i + 1:02d}"
        total = int(np.clip(round(rng.gamma(6, PROFILE_HOURS[k] / 5)), 16, HOURS_CAP))
        employed = rng.random() < 1 / (1 + np.exp(-(0.4 + PROFILE_EMPLOYMENT[k])))
        start = int(rng.integers(3, 11)) if employed else None
        weights = {c: w for c, w in PLAN_WEIGHTS[orientation].items()
                   if start is not None or c[0] in ("suuntaaminen", "loytaminen")}
        followup = 0.0
        if start is not None:
            meetings = followup_schedule(start)
            n = int(meetings["in_year"].sum())
            n = n if orientation == "tyollistymiskeskeinen" else min(n, COACHING_CENTRED_FOLLOWUPS)
            followup = float(min(n, total // 3))
        cells = list(weights)
        shares = rng.dirichlet([8 * weights[c] for c in cells])
        hours = _round_to_halves(shares * (total - followup), total - followup)
        rows = [(c, h) for c, h in zip(cells, hours, strict=True) if h > 0]
        if followup:
            rows.append((("vakiinnuttaminen", "seuranta"), followup))
        rows.sort(key=lambda r: (phase_order[r[0][0]], activity_order[r[0][1]]))
        for (phase, activity), h in rows:
            plans.append({"client": client, "phase": phase, "activity": activity,
                          "hours": float(h), "job_start_month": "" if start is None else start})
        clients.append({"client": client, "profile": profiles[k], "orientation": orientation,
                        "planned_hours": total, "job_start_month": "" if start is None else start,
                        "sketch": PROFILE_SKETCHES[profiles[k]]})
    return pd.DataFrame(clients), pd.DataFrame(plans)


def coaching_clients(seed: int = SEED) -> pd.DataFrame:
    """Fourteen synthetic clients of TE job coaching, two per client profile (``te.profiles_7``).

    ``client, profile, orientation`` (of the provider's plan), ``planned_hours``,
    ``job_start_month`` (blank = no job this year) and a short ``sketch``.
    """
    return _coaching_year(seed)[0]


def coaching_plans(seed: int = SEED) -> pd.DataFrame:
    """Each synthetic client's year as the provider planned it, in the plan contract.

    ``client, phase, activity, hours, job_start_month``.  Employment-centred plans book the
    follow-up rhythm of claim ``ips.follow_up`` for the first year of work; coaching-centred
    plans put more hours into planning and life situation and book two follow-up meetings.
    """
    return _coaching_year(seed)[1]
def orientation_journeys(seed: int = SEED) -> pd.DataFrame:
    """Client journeys under the three orientations (model in :mod:`coachkit.models.orientations`)."""
    from ..models.orientations import simulate_journeys

    return simulate_journeys(seed)


def benefit_ratings(seed: int = SEED) -> pd.DataFrame:
    """Coachees' before/after ratings of the progress instrument (:mod:`coachkit.analyses.benefit`)."""
    from ..analyses.benefit import simulate_ratings

    return simulate_ratings(seed)


#: file name → builder; the manifest lists them in this order.
BUILDERS = {
    "source_corpus.csv": source_corpus,
    "coach_excerpts.csv": coach_excerpts,
    "coach_coding.csv": coach_coding,
    "ips_ratings_before.csv": ips_ratings_before,
    "ips_ratings_after.csv": ips_ratings_after,
    "feedback_survey.csv": feedback_survey,
    "exercise_excerpts.csv": exercise_excerpts,
    "exercise_reference.csv": exercise_reference,
    "exercise_new_source.csv": exercise_new_source,
    "coaching_clients.csv": coaching_clients,
    "coaching_plans.csv": coaching_plans,
    "orientation_journeys.csv": orientation_journeys,
    "benefit_ratings.csv": benefit_ratings,
}


def shipped_bytes(df: pd.DataFrame) -> bytes:
    """A data set as the kit ships it: CSV, UTF-8, ``\\n`` lines (what the manifest hashes)."""
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def generate(out=None, *, seed: int = SEED, progress: bool = False, force: bool = False) -> dict:
    """Write every synthetic data set and ``MANIFEST.json`` into ``out``.

    Parameters
    ----------
    out : path, optional
        Target folder; default ``data/synthetic`` of the kit.
    seed : int
        Base seed (the shipped data use :data:`SEED`).
    progress : bool
        Show a progress bar.
    force : bool
        Replace files that exist and would change (without it: one error line and
        nothing written; files that come out the same are fine).

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
        payloads[name] = shipped_bytes(df)
        files[name] = {"sha256": hashlib.sha256(payloads[name]).hexdigest(), "rows": len(df)}
    manifest = {"generator": "coachkit.generators.synthetic", "generator_version": GENERATOR_VERSION,
                "seed": seed, "files": files}
    payloads["MANIFEST.json"] = (json.dumps(manifest, indent=2, ensure_ascii=False)
                                 + "\n").encode("utf-8")
    from ..formats import check_replace

    check_replace({out / name: payload for name, payload in payloads.items()}, force=force)
    for name, payload in payloads.items():
        write_atomic(out / name, payload)
    return manifest
