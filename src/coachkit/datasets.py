"""Bundled data, loaded by name so that every example runs offline.

>>> from coachkit import load_dataset
>>> corpus = load_dataset("source_corpus")
>>> list(corpus.columns)
['segment_id', 'source', 'text', 'code', 'excluded']
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .checks import check_argument

#: name → (folder, file, what it is)
DATASETS = {
    "source_corpus": ("synthetic", "source_corpus.csv",
                      "Synthetic reduced expressions of 7 source descriptions (the thesis on work coaching, "
                      "ch. 5.2; Table 1 in ch. 6.2)"),
    "coach_excerpts": ("synthetic", "coach_excerpts.csv",
                       "Synthetic coach questionnaire excerpts, K1–K9 and V1–V8 (Pikkusaari 2012, "
                       "codes ch. 2, values ch. 3)"),
    "coach_coding": ("synthetic", "coach_coding.csv",
                     "Two coders' independent codes for the coach excerpts (long format)"),
    "table1_published": ("published", "table1_stars.csv",
                         "Table 1 of the thesis on work coaching (ch. 6.2): emphasis stars per source "
                         "and overall goal, as printed"),
    "visit_topics": ("published", "visit_topics.csv",
                     "Job coach's visit topics in one institution, 2011 (Pikkusaari 2012, ch. 4.1)"),
    "ips25_items": ("reconstructed", "ips25_items.csv",
                    "The 25 items of the IPS-25 fidelity scale as reconstructed for the kit "
                    "(partly from memory; column verified says which)"),
    "ips_ratings_before": ("synthetic", "ips_ratings_before.csv",
                           "Synthetic IPS-25 self-assessment of a provider, before a development plan"),
    "ips_ratings_after": ("synthetic", "ips_ratings_after.csv",
                          "The same provider a year later (synthetic)"),
    "feedback_survey": ("synthetic", "feedback_survey.csv",
                        "Synthetic client feedback for the value pyramid (Pikkusaari 2012, ch. 5.1)"),
    "pyramid_items": ("codebook", "pyramid_items.csv",
                      "Likert items of the feedback survey with level and Finnish/English text"),
    "client_profiles": ("codebook", "client_profiles.csv",
                        "The seven client profiles of the TE service-design report (ch. 3)"),
    "exercise_excerpts": ("synthetic", "exercise_excerpts.csv",
                          "Exercise 1: twelve fresh coach excerpts to code"),
    "exercise_reference": ("synthetic", "exercise_reference.csv",
                           "Exercise 1: the reference coder's codes"),
    "exercise_new_source": ("synthetic", "exercise_new_source.csv",
                            "Exercise 2: a new source description (corpus contract)"),
    "goals": ("codebook", "goals.csv", "The five overall goals (upper categories)"),
    "subcategories": ("codebook", "subcategories.csv", "Subcategories of the source-corpus frame"),
    "phases": ("codebook", "phases.csv", "The three phases of coaching"),
    "poles": ("codebook", "poles.csv", "The two poles of the coaching continuum and the middle"),
    "values": ("codebook", "values.csv", "Values and working principles frame of the coach questionnaire"),
    "plan_phases": ("codebook", "plan_phases.csv",
                    "The four phases of TE job coaching (service design report, ch. 2 and 4)"),
    "plan_activities": ("codebook", "plan_activities.csv",
                        "Activity kinds of a coaching-year plan; which count as employment-focused"),
    "coaching_clients": ("synthetic", "coaching_clients.csv",
                         "Fourteen synthetic TE job-coaching clients "
                         "(profiles of the service design report)"),
    "coaching_plans": ("synthetic", "coaching_plans.csv",
                       "Each synthetic client's coaching year as the provider planned it"),
    # Orientations and service benefit (Pikkusaari 2012, luku 4 and 5.2)
    "orientations": ("codebook", "orientations.csv",
                     "The three coaching orientations (Pikkusaari 2012, ch. 4.1, 4.2 and 4.4), "
                     "in the kit's words"),
    "orientation_ips25": ("codebook", "orientation_ips25.csv",
                          "IPS-25 items each orientation can or cannot meet "
                          "(the kit's reading, with claim ids)"),
    "orientation_journeys": ("synthetic", "orientation_journeys.csv",
                             "Synthetic client journeys under the three orientations"),
    "benefit_areas": ("codebook", "benefit_areas.csv",
                      "The four areas of service benefit (Pikkusaari 2012, ch. 5.2), in the kit's words"),
    "benefit_items": ("codebook", "benefit_items.csv",
                      "Progress instrument: 16 statements in four areas, written for the kit"),
    "benefit_ratings": ("synthetic", "benefit_ratings.csv",
                        "Synthetic before/after ratings of coachees, employed or not"),
}


def data_dir() -> Path:
    """Folder holding the kit's data.

    ``COACHKIT_DATA`` overrides it; an installed wheel carries a copy in
    ``coachkit/_data``; a source checkout uses ``data/`` at the repository root.
    """
    env = os.environ.get("COACHKIT_DATA")
    if env:
        return Path(env)
    return shipped_dir("data")


def shipped_dir(name: str) -> Path:
    """The kit's folder ``name`` (``data``, ``notebooks``, ``exercises``): the copy an installed
    wheel carries in ``coachkit/_<name>``, else the one at the project folder's root.

    >>> shipped_dir("notebooks").name in ("notebooks", "_notebooks")
    True
    """
    here = Path(__file__).resolve().parent
    packaged = here / f"_{name}"
    return packaged if packaged.is_dir() else here.parents[1] / name


def dataset_path(name: str) -> Path:
    """Path of a bundled dataset file."""
    check_argument("name", list(DATASETS), name)
    folder, file, _ = DATASETS[name]
    return data_dir() / folder / file


def list_datasets() -> pd.DataFrame:
    """Names and descriptions of the bundled datasets.

    Returns
    -------
    DataFrame
        Columns ``name``, ``kind`` (synthetic, published, reconstructed or codebook), ``description``.
    """
    rows = [{"name": n, "kind": f, "description": d} for n, (f, _, d) in DATASETS.items()]
    return pd.DataFrame(rows)


def load_dataset(name: str) -> pd.DataFrame:
    """Load a bundled dataset by name.

    Parameters
    ----------
    name : str
        One of :func:`list_datasets` ``name`` column.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> load_dataset("goals")["goal_id"].tolist()
    ['arjenhallinta', 'tyokyky', 'osaaminen', 'tyollistyminen', 'tyossajaksaminen']
    """
    path = dataset_path(name)
    stat = path.stat()
    return _read(str(path), stat.st_mtime_ns, stat.st_size).copy()


@lru_cache(maxsize=64)
def _read(path: str, mtime_ns: int, size: int) -> pd.DataFrame:
    # Cached by file identity: widgets redraw many times and read the same small files;
    # a changed file (new mtime or size) is read again.
    df = pd.read_csv(path, encoding="utf-8", keep_default_na=False)
    if "excluded" in df.columns:
        df["excluded"] = df["excluded"].astype(str).str.lower().eq("true")
    return df
