"""Data-driven content analysis of coaching descriptions (the thesis on work coaching, ch. 5.2 and 6).

The steps of the thesis, each a function:

1. **reduction** – a corpus row is one reduced expression (``segment_id, source, text, code``);
2. **grouping** – ``code`` is a subcategory of the codebook;
3. **abstraction** – :func:`read_corpus` adds the overall goal (``category``), phase and pole;
4. **quantification** – :func:`frequency_table` counts, :func:`star_table` turns counts into
   emphasis stars with an explicit :class:`~coachkit.analyses.stars.StarRule`;
   :func:`rule_sensitivity` shows which cells move under other reasonable rules.

Corpus CSV contract: columns ``segment_id, source, code`` are required, ``text`` and
``excluded`` (true/false) are optional; ``code`` is a subcategory id or one of the five goal
ids.  Sources flagged ``excluded`` are kept in the data but left out of the tables by default,
as the thesis left Räsänen's book out of Table 1.

>>> corpus = read_corpus(load_dataset("source_corpus"))
>>> stars = star_table(corpus)
>>> int(compare_to_published(stars)["match"].sum())
30
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..checks import (
    InputError,
    check_argument,
    is_clean_text,
    parse_bool_column,
    recode,
    require_nonblank,
    require_unique,
    strip_cells,
    where,
)
from ..datasets import load_dataset
from ..display.figures import SEQUENTIAL, colors, get_ax
from ..formats import is_project, read, read_table
from ..i18n import t
from ..reference.codebook import Codebook, frame_codes
from .results import Result
from .stars import ALTERNATIVE_RULES, DEFAULT_RULE, StarRule, star_symbols

__all__ = [
    "read_corpus",
    "frequency_table",
    "star_table",
    "star_result",
    "star_matrix",
    "compare_to_published",
    "goal_totals",
    "rule_sensitivity",
    "plot_stars",
    "plot_phase_continuum",
]

CORPUS_REQUIRED = ("segment_id", "source", "code")
#: columns with few distinct values, read as categoricals (checked once per value)
_CATEGORICAL = ("source", "code", "coder", "excluded")


def read_corpus(data, *, codebook: Codebook | None = None, name: str | None = None,
                sheet: str | None = None, coder: str | None = None,
                codes: str = "frame") -> pd.DataFrame:
    """Validate a corpus (CSV, Excel or REFI-QDA) and add its goal, phase and pole.

    Parameters
    ----------
    data : path, file object or DataFrame
        The corpus (see the module docstring for the contract): a CSV or
        ``.xlsx`` table, or a ``.qdpx`` project (one segment per selection ×
        code; see :mod:`coachkit.formats.qdpx`).
    codebook : Codebook, optional
        Default: the kit's codebook.
    name : str, optional
        Name of the input in error messages.
    sheet : str, optional
        Sheet of an ``.xlsx`` workbook (default: the first).
    coder : str, optional
        Keep only this coder's segments.  Needed when the input has a ``coder``
        column (a ``.qdpx`` always has) naming several coders.
    codes : {"frame", "own"}
        ``"frame"``: every code must be in the kit's frame — a subcategory or
        goal id, or a goal's or subcategory's Finnish or English name
        (:meth:`Codebook.resolve`); the rest are listed in one error line.
        ``"own"``: the codes as written are the categories (a researcher's own
        codebook); ``phase`` and ``pole`` are then empty.

    Returns
    -------
    DataFrame
        ``segment_id, source, text, code, excluded, category, phase, pole``
        (plus ``coder, start, end`` when the input has them).  The label
        columns (``source, code, category, phase, pole, coder``) hold one
        Python string per distinct value, shared by its rows (object columns),
        so tables count them fast.  ``category`` is
        the overall goal id (``"frame"``) or the code (``"own"``);
        ``attrs["categories"]`` lists the categories in order,
        ``attrs["notes"]`` what was skipped while reading and, for a project,
        ``attrs["sources"]`` every text source (name → excluded), so that
        sources nobody coded still get their rows of zeros in the tables.

    Raises
    ------
    ValueError
        One line naming the file (and sheet), row and column, or the XML
        element: missing column, empty cell, duplicate ``segment_id``, codes
        outside the frame, a bad ``excluded`` value, several coders and no
        ``coder``.
    """
    check_argument("codes", ["frame", "own"], codes)
    cb = codebook or Codebook.load()
    notes, own_order, listed = [], None, None
    if is_project(data):  # the registry decides what the file holds (formats.READERS)
        project = read(data, holds="project", name=name)
        notes = project.notes
        # every text source, coded or not, so that uncoded ones get their zero rows
        listed = dict(zip(project.sources["name"], project.sources["excluded"].astype(bool),
                          strict=True))
        df = project.corpus()
        own_order = df.attrs["categories"]
        if df.empty:
            raise InputError("the project has no codings of text selections; nothing to count",
                             file=project.file)
        for col in _CATEGORICAL:
            if col in df.columns:
                df[col] = pd.Categorical(df[col].astype(str))
    else:
        # sources, codes and coders repeat: read as categoricals, they are checked once per value
        df = read_table(data, required=CORPUS_REQUIRED, name=name, sheet=sheet,
                        category=_CATEGORICAL)
    ids = df["segment_id"].astype(str)
    ids_clean = is_clean_text(ids)  # the usual case: one C-speed check of a million ids
    df["segment_id"] = ids if ids_clean else ids.str.strip()
    df["source"] = strip_cells(df["source"])
    df["code"] = strip_cells(df["code"])
    df = _one_coder(df, coder)
    require_nonblank(df, CORPUS_REQUIRED[1:] if ids_clean else CORPUS_REQUIRED)
    require_unique(df, ["segment_id"], "segment_id")
    if codes == "frame":
        code = frame_codes(df, cb)
        if not isinstance(code.dtype, pd.CategoricalDtype):
            code = pd.Series(pd.Categorical(code), index=df.index)
    else:
        code = df["code"]
    out = pd.DataFrame({
        "segment_id": df["segment_id"],
        "source": df["source"].astype(object),
        "text": df["text"].astype(str) if "text" in df.columns else "",
        "code": code.astype(object),
        "excluded": (parse_bool_column(df, "excluded") if "excluded" in df.columns
                     else pd.Series(False, index=df.index)).astype(bool),
    })
    _same_exclusion_per_source(out, where(df))
    if codes == "frame":
        goals = recode(code, cb.goal_map().__getitem__)  # per category, not per row
        out["category"] = goals.astype(object)
        out["phase"] = recode(goals, cb.phase_of).astype(object)
        out["pole"] = recode(goals, cb.pole_of).astype(object)
        categories = cb.order("goal")
    else:
        out["category"] = out["code"]
        out["phase"] = out["pole"] = pd.NA
        seen = [str(c) for c in pd.unique(code)]
        categories = [c for c in (own_order or []) if c in set(seen)] + \
            [c for c in seen if c not in set(own_order or [])]
    for extra in ("coder", "start", "end"):
        if extra in df.columns:
            out[extra] = df[extra].astype(object) if extra == "coder" else df[extra]
    out = out.reset_index(drop=True)
    out.attrs.update(file=where(df), categories=categories, frame=codes, notes=notes)
    if listed is not None:
        out.attrs["sources"] = listed
    return out


def _same_exclusion_per_source(out: pd.DataFrame, file) -> None:
    """``excluded`` flags a source: one marked on some of its rows only (the first row typed,
    the rest left blank) would be left out in part, without a word.  One error line."""
    marked = out["excluded"].to_numpy()
    if not marked.any() or marked.all():
        return
    flags = out.groupby("source", sort=False)["excluded"].nunique()
    mixed = flags.index[flags.to_numpy() > 1]
    if len(mixed):
        rows = out.index[out["source"] == mixed[0]]
        n_true = int(out.loc[rows, "excluded"].sum())
        raise InputError(f"source '{mixed[0]}' is marked excluded on {n_true} of its "
                         f"{len(rows)} rows; a source is excluded as a whole: mark all its rows "
                         "alike (true or false)", file=file, column="excluded")


def _one_coder(df: pd.DataFrame, coder: str | None) -> pd.DataFrame:
    """Keep one coder's rows; several coders and no choice is an error listing them."""
    if "coder" not in df.columns:
        if coder is not None:
            raise InputError(f"no column 'coder', so --coder '{coder}' cannot be applied",
                             file=where(df), row=1)
        return df
    df["coder"] = strip_cells(df["coder"] if isinstance(df["coder"].dtype, pd.CategoricalDtype)
                              else df["coder"].astype(str))
    coders = [str(c) for c in pd.unique(df["coder"])]
    if coder is None:
        if len(coders) > 1:
            raise InputError("codings by several coders: " + ", ".join(coders)
                             + "; choose one with --coder NAME (coder=...)", file=where(df),
                             column="coder")
        return df
    if coder not in coders:
        raise InputError(f"no codings by coder '{coder}'; the coders are: " + ", ".join(coders),
                         file=where(df), column="coder")
    kept = df.loc[df["coder"] == coder].reset_index(drop=True)
    for col in kept.columns:
        if isinstance(kept[col].dtype, pd.CategoricalDtype):
            kept[col] = kept[col].cat.remove_unused_categories()
    kept.attrs = dict(df.attrs)
    return kept


def _included(data: pd.DataFrame, include_excluded: bool) -> pd.DataFrame:
    if "category" not in data.columns:
        raise TypeError("data must come from read_corpus (it needs the 'category' column)")
    if include_excluded or "excluded" not in data.columns:
        return data
    excluded = data["excluded"].astype(bool).to_numpy()
    return data.loc[~excluded] if excluded.any() else data  # no copy when nothing is left out


def frequency_table(data, *, level: str = "goal", source: str = "source",
                    include_excluded: bool = False, codebook: Codebook | None = None) -> pd.DataFrame:
    """Count segments per source and category (zeros included).

    Parameters
    ----------
    data : DataFrame
        Output of :func:`read_corpus`.
    level : {"goal", "phase", "pole", "subcategory"}
        What to count by.
    source : str
        Column naming the source.
    include_excluded : bool
        Count sources flagged ``excluded`` too.

    Returns
    -------
    DataFrame
        ``source, category, count, share`` — one row per source × category,
        ``share`` is the count over the source's total.

    Examples
    --------
    >>> corpus = read_corpus(load_dataset("source_corpus"))
    >>> frequency_table(corpus, level="phase").query("source == 'Tekevä'")["category"].tolist()
    ['kuntoutus', 'valmennus', 'tyollistaminen']
    """
    cb = codebook or Codebook.load()
    check_argument("level", ["goal", "phase", "pole", "subcategory"], level)
    column = {"goal": "category", "phase": "phase", "pole": "pole", "subcategory": "code"}[level]
    keep = [c for c in dict.fromkeys([source, column, "category", "excluded"]) if c in data.columns]
    used = _included(data[keep], include_excluded)  # filter only the columns counted
    if len(used) == 0 and len(data):
        raise InputError("every source is flagged excluded; nothing to count "
                         "(include them with include_excluded / --include-excluded)",
                         file=data.attrs.get("file"), column="excluded")
    categories = cb.order(level)
    if data.attrs.get("frame") == "own":
        if level in ("phase", "pole"):
            raise ValueError(f"a corpus read with codes='own' has no {level}s; "
                             "count by level='goal' (its own codes) instead")
        categories, column = list(data.attrs["categories"]), "category"
    # Count with integer codes and one bincount: the same result as a crosstab,
    # but it touches each string only once (see ``python -m benchmarks.bench themes``).
    listed = data.attrs.get("sources") if source == "source" else None
    if listed:
        # a project's sources without codings still get their rows (of zeros)
        order = [s for s, ex in listed.items() if include_excluded or not ex]
        known = set(order)
        order += [s for s in pd.unique(used[source]) if s not in known]
        sources = pd.Index(order)
        src_codes = pd.Categorical(used[source], categories=sources).codes
    else:
        src_codes, sources = pd.factorize(used[source], sort=False)
    cat_codes, cat_seen = pd.factorize(used[column], sort=False)
    position = {c: i for i, c in enumerate(categories)}
    unknown = [c for c in cat_seen if c not in position]
    if unknown:
        raise ValueError(f"category '{unknown[0]}' is not in the codebook's {level} list")
    remap = np.array([position[c] for c in cat_seen], dtype=np.int64)
    k = len(categories)
    flat = src_codes.astype(np.int64) * k + remap[cat_codes] if len(used) else np.array([], int)
    counts = np.bincount(flat, minlength=len(sources) * k).reshape(len(sources), k)
    totals = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, totals, out=np.zeros(counts.shape), where=totals > 0)
    return pd.DataFrame({
        "source": np.repeat(np.asarray(sources, dtype=object), k),
        "category": np.tile(np.asarray(categories, dtype=object), len(sources)),
        "count": counts.ravel().astype(int),
        "share": shares.ravel(),
    })


def star_table(data, *, rule: StarRule | None = None, source: str = "source",
               include_excluded: bool = False) -> pd.DataFrame:
    """Emphasis stars per source × overall goal.

    Parameters
    ----------
    data : DataFrame
        Output of :func:`read_corpus`.
    rule : StarRule, optional
        Default :data:`~coachkit.analyses.stars.DEFAULT_RULE` (0 | 1–2 | 3–5 | 6–9 | ≥ 10).

    Returns
    -------
    DataFrame
        ``source, category, count, share, stars``.

    Examples
    --------
    >>> corpus = read_corpus(load_dataset("source_corpus"))
    >>> star_table(corpus).head(2)[["source", "category", "stars"]]
                          source       category  stars
    0  Työpajayhdistys 2005–2006  arjenhallinta      1
    1  Työpajayhdistys 2005–2006        tyokyky      2
    """
    rule = rule or DEFAULT_RULE
    table = frequency_table(data, level="goal", source=source, include_excluded=include_excluded)
    table["stars"] = rule.apply(table[rule.basis]).astype(int)
    return table


def star_result(data, *, rule: StarRule | None = None, include_excluded: bool = False) -> Result:
    """The stars of :func:`star_table` as a :class:`~coachkit.analyses.results.Result`
    (``coachkit themes stars``): ``table`` is ``source, category, count, stars`` (one row per
    source × goal, zeros included; its :meth:`~coachkit.analyses.results.Result.records` are
    what ``--json`` prints), facts ``thresholds`` and ``basis`` of the rule.

    >>> r = star_result(read_corpus(load_dataset("source_corpus")))
    >>> r.records()[0]
    {'source': 'Työpajayhdistys 2005–2006', 'category': 'arjenhallinta', 'count': 1, 'stars': 1}
    >>> r.facts
    {'thresholds': [1, 3, 6, 10], 'basis': 'count'}
    """
    rule = rule or DEFAULT_RULE
    table = star_table(data, rule=rule, include_excluded=include_excluded)
    table = table[["source", "category", "count", "stars"]].astype({"count": int, "stars": int})
    return Result(table, facts={"thresholds": list(rule.thresholds), "basis": rule.basis})


def star_matrix(table: pd.DataFrame, *, symbols: bool = True, lang: str = "fi") -> pd.DataFrame:
    """Wide view of a star table: sources as rows, goals as columns (display only).

    >>> corpus = read_corpus(load_dataset("source_corpus"))
    >>> star_matrix(star_table(corpus), lang="en").iloc[0, 3]
    '****'
    """
    names = _category_names(table, lang)
    wide = table.pivot(index="source", columns="category", values="stars")
    wide = wide.loc[list(dict.fromkeys(table["source"])), [c for c in names if c in wide.columns]]
    if symbols:
        wide = wide.apply(lambda col: pd.Series(star_symbols(col), index=col.index))
    wide.columns = [names[c] for c in wide.columns]
    wide.index.name = t("label.source", lang)
    return wide


def _category_names(table: pd.DataFrame, lang: str) -> dict:
    """category → display name: the goal names, or a researcher's own codes as written."""
    goals = Codebook.load().names("goal", lang)
    seen = list(dict.fromkeys(table["category"]))
    if all(c in goals for c in seen):
        return goals
    return {c: c for c in seen}


def compare_to_published(table: pd.DataFrame, published: pd.DataFrame | None = None) -> pd.DataFrame:
    """Cell-by-cell comparison with Table 1 of the thesis on work coaching (ch. 6.2).

    Returns
    -------
    DataFrame
        ``source, category, stars, published, match`` for the sources of the
        published table.
    """
    pub = published if published is not None else load_dataset("table1_published")
    goals = [g for g in Codebook.load().order("goal") if g in pub.columns]
    long = pub.melt(id_vars="source", value_vars=goals, var_name="category", value_name="published")
    merged = long.merge(table[["source", "category", "stars"]], on=["source", "category"], how="left")
    merged["match"] = merged["stars"] == merged["published"]
    return merged[["source", "category", "stars", "published", "match"]]


def goal_totals(table: pd.DataFrame) -> pd.DataFrame:
    """Column sums of a star table: the thesis's reading of Table 1.

    Returns
    -------
    DataFrame
        ``category, count, stars, rank`` (rank 1 = most emphasised by stars).

    Examples
    --------
    >>> corpus = read_corpus(load_dataset("source_corpus"))
    >>> goal_totals(star_table(corpus))["stars"].tolist()
    [12, 14, 13, 18, 5]
    """
    t = table.groupby("category", sort=False)[["count", "stars"]].sum().reset_index()
    t["rank"] = t["stars"].rank(ascending=False, method="min").astype(int)
    return t


def rule_sensitivity(data, *, rules=None, reference: StarRule | None = None,
                     include_excluded: bool = False, lang: str = "fi") -> pd.DataFrame:
    """Stars of every cell under several rules, and which cells move.

    Parameters
    ----------
    data : DataFrame
        Output of :func:`read_corpus`.
    rules : sequence of StarRule, optional
        Default: the reference rule and :data:`~coachkit.analyses.stars.ALTERNATIVE_RULES`.
    reference : StarRule, optional
        Rule the others are compared with (default rule if omitted).
    lang : str
        Language of the rules' names in the ``rule`` column (:meth:`StarRule.title`).

    Returns
    -------
    DataFrame
        ``rule, basis, source, category, count, share, stars, reference_stars, change``
        (``rule`` the rule's name in ``lang``, ``basis`` what it counts: ``count`` or ``share``;
        ``change`` = stars − reference stars).

    Examples
    --------
    >>> corpus = read_corpus(load_dataset("source_corpus"))
    >>> s = rule_sensitivity(corpus, lang="en")
    >>> int(s.groupby("rule", sort=False)["change"].apply(lambda c: (c != 0).sum()).iloc[0])
    0
    >>> s["rule"].unique().tolist()
    ['default 1/3/6/10', 'stricter 1/4/8/12', 'looser 1/2/4/7', 'share 1/10/20/30 %']
    """
    reference = reference or DEFAULT_RULE
    rules = list(rules) if rules is not None else [reference, *ALTERNATIVE_RULES]
    base = frequency_table(data, include_excluded=include_excluded)
    ref = reference.apply(base[reference.basis]).astype(int)
    parts = []
    for r in rules:
        part = base.copy()
        part.insert(0, "rule", r.title(lang))
        part.insert(1, "basis", r.basis)
        part["stars"] = r.apply(part[r.basis]).astype(int)
        part["reference_stars"] = ref
        part["change"] = part["stars"] - part["reference_stars"]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def plot_stars(table: pd.DataFrame, *, ax=None, lang: str = "fi", annotate: str = "stars"):
    """Heatmap of a star table, cells annotated with the star symbols.

    Drawn with matplotlib directly (one ``pcolormesh``): seaborn's heatmap draws the
    whole figure once more to place its tick labels, which cost a third of a dashboard
    redraw (``python -m benchmarks.bench classroom``).

    Parameters
    ----------
    table : DataFrame
        Output of :func:`star_table`.
    annotate : {"stars", "count", "both"}
        What to write in each cell.

    Returns
    -------
    matplotlib Axes
    """
    import matplotlib as mpl

    check_argument("annotate", ["stars", "count", "both"], annotate)
    ax = get_ax(ax, figsize=(9, 0.55 * table["source"].nunique() + 2))
    values = star_matrix(table, symbols=False, lang=lang).astype(int)
    counts = table.pivot(index="source", columns="category", values="count")
    counts = counts.loc[list(dict.fromkeys(table["source"])),
                        [c for c in _category_names(table, lang) if c in counts.columns]]
    v = values.to_numpy()
    sym = np.array(star_symbols(v), dtype=object).reshape(v.shape)
    text = {"stars": sym, "count": counts.to_numpy().astype(str),
            "both": np.char.add(np.char.add(sym.astype(str), "\n"),
                                counts.to_numpy().astype(str))}[annotate]
    cmap = mpl.colormaps[SEQUENTIAL]
    mesh = ax.pcolormesh(v, cmap=cmap, vmin=0, vmax=4, edgecolors="white", linewidth=0.5)
    rows, cols = v.shape
    for i in range(rows):
        for j in range(cols):
            r, g, b, _ = cmap(v[i, j] / 4)
            # relative luminance, as seaborn chooses annotation colours
            lum = 0.2126 * r ** 2.2 + 0.7152 * g ** 2.2 + 0.0722 * b ** 2.2
            ax.text(j + 0.5, i + 0.5, text[i, j], ha="center", va="center", fontsize="large",
                    color="#000000" if lum > 0.408 else "#ffffff")
    ax.set_xlim(0, cols)
    ax.set_ylim(rows, 0)
    ax.set_xticks(np.arange(cols) + 0.5, [_wrap(c) for c in values.columns])
    ax.set_yticks(np.arange(rows) + 0.5, list(values.index))
    ax.tick_params(length=0)
    ax.tick_params(axis="x", labelsize="small")  # long Finnish goal names stay apart
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    bar = ax.figure.colorbar(mesh, ax=ax, ticks=range(5))
    bar.set_label(t("label.stars", lang))
    bar.outline.set_visible(False)
    ax.set_title(t("label.star_title", lang))
    ax.set_ylabel("")
    return ax


def _wrap(text: str, width: int = 16) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def plot_phase_continuum(data, *, ax=None, lang: str = "fi", include_excluded: bool = False):
    """Each source as a horizontal bar split into the three phases.

    The bar runs from the *meaningful life* pole (rehabilitation) to the
    *meaningful working life* pole (employment), as in the thesis on work coaching (phases
    ch. 6.3, poles ch. 5.2 and 6.4; claim ``thesis.phases``).

    Returns
    -------
    matplotlib Axes
    """
    cb = Codebook.load()
    freq = frequency_table(data, level="phase", include_excluded=include_excluded)
    wide = freq.pivot(index="source", columns="category", values="share")
    wide = wide.loc[list(dict.fromkeys(freq["source"]))[::-1], cb.order("phase")]
    ax = get_ax(ax, figsize=(9, 0.5 * len(wide) + 2))
    names = cb.names("phase", lang)
    left = np.zeros(len(wide))
    for phase, colour in zip(wide.columns, colors(len(wide.columns)), strict=True):
        ax.barh(wide.index, wide[phase], left=left, color=colour, label=names[phase])
        left += wide[phase].to_numpy()
    poles = cb.names("pole", lang)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"← {poles['mielekas_elama']}        {t('label.share_of_segments', lang)}"
                  f"        {poles['mielekas_tyoelama']} →")
    ax.set_title(t("label.continuum_title", lang))
    ax.legend(title=t("label.phase", lang), loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=3,
              frameon=False)
    return ax

