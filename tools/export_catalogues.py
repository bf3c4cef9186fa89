"""One-off: export the kit's words from today's mechanisms into gettext catalogues.

Run from the project folder (issue 20 §1):

    PYTHONPATH=src python tools/export_catalogues.py            # writes the .po files
    PYTHONPATH=src python tools/export_catalogues.py --check    # only prints the conflicts

Sources read: ``_labels.CATALOGUE`` (→ ``label.<key>``, dotted keys kept as they are),
``_labels.COLUMNS`` including its ``.update()`` calls (→ ``column.<name>``), ``_labels.VALUES``
(→ ``value.<column>.<value>``), the claims' texts (→ ``claim.<id>``), the module-local tables
(``orientations.SHORT_PROFILES`` → ``profile.short.<id>``, both ``ASSUMPTION_MEANINGS`` →
``assumption.<module>.<name>``, ``selection.PARAM_NOTES`` meanings → ``param.selection.<name>``).
Keys that today have two different translations, or whose first text is silently overwritten,
are printed and carried into the catalogue as a ``#.`` comment beginning ``CONFLICT`` so the
lead chooses; the catalogue keeps the text the kit shows today.
This script is not part of the package: it only reads the old mechanisms, once.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from coachkit import _labels
from coachkit.analyses import benefit
from coachkit.models import orientations, selection
from coachkit.reference.sources import CLAIMS

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "coachkit" / "i18n" / "locale"

# English for the tables that were Finnish only (meanings of the models' assumptions).
ENGLISH = {
    "assumption.orientations.prep_weeks": "coaching-centred: weeks of preparation in the unit (base, effect "
                                          "of readiness, spread, at least, at most)",
    "assumption.orientations.trial_weeks": "coaching-centred: weeks of work trial or learning at work",
    "assumption.orientations.transition_weeks": "coaching-centred: weeks of job search at the end",
    "assumption.orientations.job_from_trial": "coaching-centred: chance that the trial workplace hires",
    "assumption.orientations.search_hazard_coaching": "coaching-centred: weekly chance of finding work",
    "assumption.orientations.search_hazard_employment": "employment-centred: weekly chance of finding work "
                                                        "(work with employers every week)",
    "assumption.orientations.own_hazard": "without a coach: weekly chance of finding work",
    "assumption.orientations.loss_hazard_supported": "weekly chance of losing the job while support goes on",
    "assumption.orientations.loss_hazard_alone": "weekly chance of losing the job without support",
    "assumption.orientations.intake_weeks": "employment-centred: job search starts in week (first, last)",
    "assumption.orientations.support_after_stable": "employment-centred: months in work before the client "
                                                    "ends support (at least, at most)",
    "assumption.orientations.assessment_weeks": "assessing: weeks of assessment (at least, at most)",
    "assumption.orientations.readiness_sd": "variation of clients within a profile (spread, logit)",
    "assumption.benefit.per_profile": "people coached from each client profile",
    "assumption.benefit.start_mean": "mean starting level of the area (1–5)",
    "assumption.benefit.start_sd": "variation of the starting level between people (spread)",
    "assumption.benefit.gain_mean": "mean rise of the area during the service (points)",
    "assumption.benefit.gain_sd": "variation of the rise between people (spread)",
    "assumption.benefit.item_sd": "random variation of a single answer (spread)",
    "assumption.benefit.employment_base": "base level of employment (logit)",
    "assumption.benefit.employment_per_gain": "rise in employment per point gained in ways into work (logit)",
    "assumption.benefit.blank_share": "share of answers left blank",
    "param.selection.applicants": "applicants",
    "param.selection.places": "places",
    "param.selection.profile_shares": "shares of the client profiles among applicants",
    "param.selection.disadvantaged_profiles": "profiles in a weak labour-market position",
    "param.selection.readiness_by_profile": "mean study readiness by profile",
    "param.selection.p_anxious": "share nervous in the assessment (others, disadvantaged)",
    "param.selection.w_motivation": "weight of motivation in the assessment score",
    "param.selection.score_noise": "random variation of the assessment",
    "param.selection.anxiety_penalty": "effect of nervousness on the score",
    "param.selection.interview_noise": "noise of the interview in judging motivation",
    "param.selection.need_base": "basic need for support (h per student)",
    "param.selection.need_readiness": "extra need with weak readiness (h)",
    "param.selection.need_disadvantaged": "extra need in a weak position (h)",
    "param.selection.need_anxious": "extra need of the nervous (h)",
    "param.selection.coach_fte": "coaches (full-time equivalents)",
    "param.selection.hours_per_fte": "client hours per coach during the training",
    "param.selection.completion_intercept": "base level of completing the training (logit)",
    "param.selection.completion_readiness": "effect of readiness on completion",
    "param.selection.completion_motivation": "effect of motivation on completion",
    "param.selection.completion_support": "effect of coaching on completion",
    "param.selection.employment_readiness": "effect of readiness on employment",
    "param.selection.employment_motivation": "effect of motivation on employment",
    "param.selection.employment_disadvantaged": "effect of a weak position on employment",
    "param.selection.noncompletion_penalty": "effect of dropping out on employment",
    "param.selection.wbl_share": "share of learning at the workplace",
    "param.selection.wbl_effect": "effect of learning at work on employment",
    "param.selection.labour_market": "labour-market situation (logit; negative = harder)",
    "param.selection.club_participation": "share taking part in the job club",
    "param.selection.employment_intercept": "base level of employment (logit)",
    "param.selection.coach_effect": "effect of the coach on employment",
    "param.selection.club_intercept": "base level of the club (logit)",
}

# One boolean vocabulary (issue 20 §1): the words a person may type, first = the one shown.
BOOLEANS = {"bool.true": ("kyllä, kylla, k, tosi", "yes, true"),
            "bool.false": ("ei, e, epätosi", "no, false")}


#: (table, key, first, shown) for keys written twice with different texts in one dict literal
DUPLICATES: list = []


def _assigned_dicts(module_path: Path, name: str) -> list[dict]:
    """Every dict literal given to ``name`` (``name = {...}`` and ``name.update({...})``), in order,
    as ``{key: (fi, en)}`` for the entries whose values are plain string pairs."""
    tree = ast.parse(module_path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        lit = None
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name
                                                for t in node.targets):
            lit = node.value
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "update" and isinstance(node.func.value, ast.Name)
              and node.func.value.id == name and node.args):
            lit = node.args[0]
        if isinstance(lit, ast.Dict):
            pairs = {}
            for k, v in zip(lit.keys, lit.values, strict=True):
                try:
                    key, value = ast.literal_eval(k), ast.literal_eval(v)
                except ValueError:
                    continue
                if key in pairs and pairs[key] != value:
                    DUPLICATES.append((name, key, pairs[key], value))
                pairs[key] = value
            found.append((node.lineno, pairs))
    return [p for _, p in sorted(found, key=lambda x: x[0])]


def collect():
    """``(entries, conflicts)``: entries key → [fi, en]; conflicts key → list of notes."""
    entries: dict[str, list[str]] = {}
    conflicts: dict[str, list[str]] = {}

    def add(key, fi, en):
        if key in entries and entries[key] != [fi, en]:
            conflicts.setdefault(key, []).append(f"was {entries[key]!r}, now {[fi, en]!r}")
        entries[key] = [fi, en]

    for key, (fi, en) in _labels.CATALOGUE.items():
        add(key if "." in key else f"label.{key}", fi, en)
    labels_py = Path(_labels.__file__)
    seen = {}
    for part in _assigned_dicts(labels_py, "COLUMNS"):
        for name, pair in part.items():
            if name in seen and tuple(seen[name]) != tuple(pair):
                conflicts.setdefault(f"column.{name}", []).append(
                    f"silently overwritten: first {tuple(seen[name])!r}, shown {tuple(pair)!r}")
            seen[name] = pair
    for name, (fi, en) in _labels.COLUMNS.items():
        entries[f"column.{name}"] = [fi, en]
    for part in _assigned_dicts(labels_py, "VALUES"):
        for column, table in part.items():
            if not isinstance(table, dict):
                continue
            old = seen.get(("VALUES", column))
            if old is not None and old != table:
                conflicts.setdefault(f"value.{column}.*", []).append(
                    f"silently overwritten: first {old!r}, shown {table!r}")
            seen[("VALUES", column)] = table
    for column, table in _labels.VALUES.items():
        if column in ("claim", "verified"):
            continue  # claim texts: exported once as claim.<id> below
        for value, (fi, en) in table.items():
            entries[f"value.{column}.{value}"] = [fi, en]
    for cid, claim in CLAIMS.items():
        entries[f"claim.{cid}"] = [claim.fi, claim.en]
    for pid, (fi, en) in orientations.SHORT_PROFILES.items():
        entries[f"profile.short.{pid}"] = [fi, en]
    for module in (orientations, benefit):
        short = module.__name__.rsplit(".", 1)[1]
        for name, fi in module.ASSUMPTION_MEANINGS.items():
            key = f"assumption.{short}.{name}"
            entries[key] = [fi, ENGLISH[key]]
    for name, (fi, _source) in selection.PARAM_NOTES.items():
        key = f"param.selection.{name}"
        entries[key] = [fi, ENGLISH[key]]
    for key, (fi, en) in BOOLEANS.items():
        entries[key] = [fi, en]
    for table, key, first, shown in DUPLICATES:
        prefix = "column" if table == "COLUMNS" else "value"
        conflicts.setdefault(f"{prefix}.{key}", []).append(
            f"written twice in one {table} literal: first {first!r}, shown {shown!r}")
    # the same word under two tables with two different translations (label.x vs column.x)
    for key, (fi, en) in _labels.CATALOGUE.items():
        col = _labels.COLUMNS.get(key)
        if col is not None and tuple(col) != (fi, en):
            conflicts.setdefault(f"column.{key}", []).append(
                f"label.{key} says {(fi, en)!r}, column.{key} says {tuple(col)!r}")
    return entries, conflicts


HEADER = ('# The words coachkit shows people, language "{lang}".\n'
          "# One entry per key (msgid); translate msgstr only and leave no msgstr empty.\n"
          "# A new language is a copy of this file in locale/<code>/LC_MESSAGES/.\n#")


def write(entries, conflicts):
    for i, lang in enumerate(("fi", "en")):
        cat = Catalog(locale=lang, domain="coachkit", project="coachkit", version="0.1.0",
                      charset="utf-8", fuzzy=False, copyright_holder="coachkit developers",
                      last_translator="coachkit developers", language_team=lang,
                      header_comment=HEADER.format(lang=lang))
        for key in sorted(entries):
            text = entries[key][i]
            notes = [f"CONFLICT: {n}" for n in conflicts.get(key, [])]
            if "{" in text:
                notes.append("keep the {placeholders} as they are")
            flags = ["python-brace-format"] if "{" in text else []
            if entries[key][0] == entries[key][1]:
                flags.append("language-neutral")  # the same in every language (κ, p (Fisher), ...)
            cat.add(key, text, auto_comments=notes, flags=flags)
        path = OUT / lang / "LC_MESSAGES" / "coachkit.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            write_po(fh, cat, width=100, omit_header=False, sort_output=True)


if __name__ == "__main__":
    entries, conflicts = collect()
    for key, notes in sorted(conflicts.items()):
        for note in notes:
            print(f"{key}: {note}")
    print(f"{len(entries)} keys, {len(conflicts)} with conflicts", file=sys.stderr)
    if "--check" not in sys.argv:
        write(entries, conflicts)
