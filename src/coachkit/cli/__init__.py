"""Command line: ``coachkit <command> …``.  Run ``coachkit --help``.

Every analysis command reads the CSV contracts documented in the README and
prints JSON with ``--json`` (for scripts) or a readable table otherwise.  A bad
input prints one line naming the file, row and column, and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import InputError, escape_controls, one_line

EXIT_INPUT = 2


def _say(text: str) -> None:
    """One line on stderr (every error and note passes here: :func:`coachkit.errors.one_line`)."""
    sys.stderr.write(one_line(text) + "\n")


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        _say(f"{self.prog}: error: {message} (see '{self.prog} --help')")
        sys.exit(EXIT_INPUT)


class _SafeOutput:
    """Standard output with control characters from the data escaped (no raw terminal escapes)."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        return self._stream.write(escape_controls(text, keep="\n\t"))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _terminate(signum, frame):
    """SIGTERM ends the command like Ctrl-C does: temporary files are removed on the way out."""
    raise KeyboardInterrupt


def _print_json(payload) -> None:
    """``payload`` as JSON on stdout (:func:`coachkit.analyses.results.jsonable`: numpy values as
    Python, NaN and ±∞ as null, which every script's parser reads)."""
    from ..analyses.results import jsonable

    sys.stdout.write(json.dumps(jsonable(payload), ensure_ascii=False, indent=2,
                                allow_nan=False) + "\n")


def _cmd_generate(args) -> int:
    from ..generators.synthetic import SEED, generate
    from ..i18n import format_int

    manifest = generate(args.out, seed=args.seed if args.seed is not None else SEED,
                        progress=not args.quiet, force=args.force)
    if not args.quiet:
        for name, info in manifest["files"].items():
            print(f"{name}: " + _word("cli.generate.file", format_int(info["rows"], args.lang),
                                      f"{info['sha256'][:12]}…", lang=args.lang))
    return 0


def _cmd_themes_stars(args) -> int:
    from ..analyses.stars import DEFAULT_RULE, SHARE_RULE, StarRule
    from ..analyses.themes import star_matrix, star_result

    rule = StarRule.parse(args.rule, basis=args.basis) if args.rule else (
        DEFAULT_RULE if args.basis == "count" else SHARE_RULE)
    result = star_result(_read_corpus(args), rule=rule, include_excluded=args.include_excluded)
    if args.json:
        _print_json(result.records())
    else:
        from ..i18n import t

        print(f"{t('label.rule', args.lang)}: {rule.title(args.lang)}")
        print(star_matrix(result.table, lang=args.lang).to_string())
    return 0


def _word(key: str, *args, lang: str | None = None, **kw) -> str:
    """A word of the command line's (``cli.*`` keys) in ``lang`` (default: Finnish)."""
    from ..i18n import DEFAULT_LANG, t

    return t(key, lang or DEFAULT_LANG, *args, **kw)


def _kind(kind: str, lang: str) -> str:
    """What the pseudonymiser or the check found, in words (``cli.kind.*``; a kind without a
    key shows as the detector names it)."""
    return _word(f"cli.kind.{kind.replace(' ', '_').replace('-', '')}", lang=lang, default=kind)


def _lang_option(p) -> None:
    """``--lang``: the languages that have a catalogue (:func:`coachkit.i18n.languages`)."""
    from ..i18n import DEFAULT_LANG, languages

    p.add_argument("--lang", choices=languages(), default=DEFAULT_LANG,
                   help=f"language of the words printed (default {DEFAULT_LANG})")


def _notes(notes) -> None:
    for note in notes or ():
        _say(f"coachkit: note: {note}")


def _read_corpus(args):
    from ..analyses.themes import read_corpus

    corpus = read_corpus(args.corpus, sheet=args.sheet, coder=args.coder, codes=args.codes)
    _notes(corpus.attrs.get("notes"))
    return corpus


def _cmd_themes_saturation(args) -> int:
    from ..analyses.saturation import RULE_SOURCE, saturation_result

    result = saturation_result(_read_corpus(args), base=args.base, run=args.run,
                               threshold=args.threshold, n_orders=args.orders,
                               random_state=args.seed, include_excluded=args.include_excluded)
    if args.json:
        _print_json(result.to_dict())
    else:  # every word in the language asked (cli.saturation.*), numbers written its way
        from ..display.tables import display_frame
        from ..i18n import format_int, format_percent, t

        lang, facts = args.lang, result.facts
        uncoded = facts["uncoded_documents"]
        left_out = (" " + t("cli.saturation.left_out", lang, format_int(uncoded, lang))
                    if uncoded else "")
        shown = f"{100 * args.threshold:.10g}"  # the threshold as given: 2,5 %, not 3 %
        decimals = len(shown.partition(".")[2]) if "e" not in shown else 1
        print(t("cli.saturation.summary", lang, documents=format_int(facts["documents"], lang),
                left_out=left_out, codes=format_int(facts["total_codes"], lang),
                base=args.base, run=args.run,
                threshold=format_percent(args.threshold, lang, decimals)))
        if facts["saturated"]:
            print(t("cli.saturation.saturated", lang, format_int(facts["n_documents"], lang),
                    RULE_SOURCE))
        else:
            print(t("cli.saturation.not_saturated", lang))
        print(display_frame(result.table, lang, percent=["new_share"]).to_string(index=False))
    return 0


def _cmd_themes_agreement(args) -> int:
    from ..analyses.agreement import agreement

    res = agreement(args.coding, n_boot=args.boot, random_state=args.seed, sheet=args.sheet,
                    codes=args.codes, confidence=args.confidence)
    _notes(res.notes)
    if args.json:
        _print_json(res.to_dict())
    else:  # every word in the language asked, numbers written its way (0,742 / 0.742)
        from ..display.tables import display_frame
        from ..i18n import format_int, t

        lang = args.lang
        unit = "paragraphs" if res.units == "paragraphs" else "segments"
        print(f"{t('label.agreement_coders', lang)}: {', '.join(res.coders)}; "
              f"{t(f'agreement_compared.{unit}', lang)}: {format_int(res.n_segments, lang)}; "
              f"{t('label.agreement_coded', lang)}: {format_int(res.n_coded, lang)}")
        overall = res.overall[["metric", "estimate", "ci_low", "ci_high", "interpretation"]]
        print(display_frame(overall.round(3), lang).to_string(index=False))
        print(display_frame(res.by_code.round(3), lang).to_string(index=False))
        if res.characters is not None:
            print(f"{t('label.agreement_characters', lang)}:")
            print(display_frame(res.characters.round(3), lang).to_string(index=False))
    return 0


def _cmd_import(args) -> int:
    from pathlib import Path

    from ..formats import write_all

    tables = project_tables(args.project)
    _notes(tables.pop("notes"))
    out = Path(args.out)
    from ..formats.csv import csv_bytes

    payloads = {out / f"{k}.csv": csv_bytes(v, bom=True) for k, v in tables.items()}
    if args.xlsx:
        from ..formats.xlsx import workbook_bytes

        book = out / f"{Path(args.project).stem}.xlsx"
        payloads[book] = workbook_bytes(tables, file=book)
    for path in write_all(payloads, force=args.force):  # all the tables or none
        print(path)
    return 0


def project_tables(path, *, name: str | None = None) -> dict:
    """A project as tables for people who continue in Excel (``coachkit import``).

    Returns ``{"corpus", "coding", "codebook", "sources", "notes"}``: the corpus (one row
    per selection × code, with coder and positions), the paragraph-unit coding table of
    :mod:`coachkit.analyses.unitising`, the codebook with each code's kit id (empty where
    the code is not in the kit's frame) and the text sources.  Anything but a project is
    one error line naming the formats that hold one.
    """
    from ..analyses.unitising import paragraph_coding
    from ..formats import read
    from ..reference.codebook import Codebook

    project = read(path, holds="project", name=name)
    cb = Codebook.load()
    codes = project.codes.copy()
    codes["kit_code"] = [cb.resolve(n) or "" for n in codes["name"]]
    texts = dict(zip(project.sources["name"], project.sources["text"], strict=True))
    spans = project.codings[["source", "coder", "code", "start", "end"]]
    sources = project.sources.drop(columns="text").assign(
        characters=[len(t) for t in project.sources["text"]])
    return {"corpus": project.corpus(), "coding": paragraph_coding(spans, texts),
            "codebook": codes.rename(columns={"guid": "code_guid"}), "sources": sources,
            "notes": project.notes}


def _cmd_export_qdpx(args) -> int:
    import io
    import zipfile

    from ..formats import write_atomic
    from ..formats.qdpx import corpus_project, validate

    if args.corpus:
        corpus = _read_corpus(args)
    else:
        from ..analyses.themes import read_corpus
        from ..datasets import load_dataset

        corpus = read_corpus(load_dataset("source_corpus"), name="source_corpus (bundled)")
    payload = corpus_project(corpus, name=args.name)
    validate(zipfile.ZipFile(io.BytesIO(payload)).read("project.qde"))
    print(write_atomic(args.out, payload, force=args.force))
    return 0


def _cmd_export_qdc(args) -> int:
    from ..formats import write_atomic
    from ..formats.qdpx import codebook_xml, kit_code_tree, validate

    payload = codebook_xml(kit_code_tree())
    validate(payload, codebook=True)
    print(write_atomic(args.out, payload, force=args.force))
    return 0


def _cmd_pseudonymise(args) -> int:
    import json as _json
    from pathlib import Path

    from ..formats import write_atomic
    from ..privacy.pseudonymise import (
        VOIKKO_MISSING,
        check_file,
        pseudonymise_file,
        read_names,
        study_key,
        voikko,
    )

    lang = args.lang
    names = read_names(args.names)
    keep = [w for w in (args.keep or "").replace(",", " ").split() if w]
    clients = [c for c in (args.client_numbers or "").split(",") if c.strip()]
    if voikko() is None:
        _notes([VOIKKO_MISSING])
    if args.suggest_names and not args.check:
        raise InputError("--suggest-names goes with --check (it lists what the check finds)")
    if args.check:
        if args.suggest_names and Path(args.suggest_names).exists() and not args.force:
            raise InputError("the file exists; nothing was written (use --force to replace it)",
                             file=args.suggest_names)
        unknown = set()
        found = check_file(args.file, names=names, keep=keep, sheet=args.sheet,
                           plates=args.plates, clients=clients, unknown=unknown)
        for kind, place, sample in found[:500]:
            print(f"{args.file}: {_kind(kind, lang)}: {place}: {sample}")
        if len(found) > 500:
            print(f"{args.file}: " + _word("cli.pseudonymise.more", len(found) - 500, lang=lang))
        if not found:
            print(f"{args.file}: " + _word("cli.pseudonymise.nothing", lang=lang))
        else:
            kinds = {}
            for kind, *_ in found:
                kinds[kind] = kinds.get(kind, 0) + 1
            print(f"{args.file}: " + _word("cli.pseudonymise.might_be", ", ".join(
                f"{n} {_kind(k, lang)}" for k, n in kinds.items()), lang=lang))
        if args.suggest_names:
            lines = ["# Capitalised words the dictionary does not know, found by --check.",
                     "# Delete the lines that are not names, write each name in its base form",
                     "# (Åsa, not Åsalle), then run: coachkit pseudonymise FILE --out COPY "
                     "--names THIS_FILE", *sorted(unknown, key=str.casefold)]
            write_atomic(args.suggest_names, ("\n".join(lines) + "\n").encode("utf-8"),
                         force=args.force)
            print(_word("cli.pseudonymise.suggested", len(unknown), args.suggest_names,
                        lang=lang))
        elif unknown:
            print(_word("cli.pseudonymise.unknown", len(unknown), lang=lang))
        return 1 if found else 0
    if not args.out:
        raise InputError("--out FILE is required (the original is never changed); "
                         "or use --check to only look")
    report_path = Path(args.out).with_name(Path(args.out).stem + "-report.json")
    if report_path.exists() and not args.force:
        raise InputError("the report exists; nothing was written (use --force to replace it)",
                         file=report_path)
    key, key_path, created = study_key(Path(args.file).resolve().parent, path=args.key,
                                       new=args.new_key)
    print(_word("cli.pseudonymise.new_key" if created else "cli.pseudonymise.key", key_path,
                lang=lang))
    report = pseudonymise_file(args.file, args.out, names=names, keep=keep, key=key,
                               sheet=args.sheet, force=args.force, plates=args.plates,
                               clients=clients)
    write_atomic(report_path, (_json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode(),
                 force=args.force)
    _notes(report["notes"])
    replaced = _word("cli.pseudonymise.replaced", lang=lang)
    for kind, n in report["replaced"].items():
        print(f"{_kind(kind, lang):16s} {n:5d} {replaced}")
    if report["hetu_invalid_check"]:
        print(" " * 17 + _word("cli.pseudonymise.hetu_invalid",
                               f"{report['hetu_invalid_check']:5d}", lang=lang))
    print(_word("cli.pseudonymise.wrote", args.out, report_path, lang=lang))
    return 0


def _cmd_tasks_summary(args) -> int:
    from ..analyses.tasks import read_task_table, tasks_result
    from ..datasets import load_dataset

    result = tasks_result(read_task_table(args.table if args.table else
                                          load_dataset("visit_topics"),
                                          name=None if args.table else "visit_topics (bundled)"))
    summary = result.facts
    if args.json:
        _print_json(result.to_dict())
    else:
        from ..display.tables import display_frame
        from ..i18n import format_int, format_percent

        lang = args.lang
        printed = summary["printed_total"]
        print(_word("cli.tasks.summary", lang=lang, topics=format_int(summary["topics"], lang),
                    rows_total=format_int(summary["rows_total"], lang),
                    printed_total="–" if printed is None else format_int(printed, lang)))
        if summary["mismatch"]:
            print(_word("cli.tasks.mismatch", lang=lang))
            print(display_frame(result.table, lang).to_string(index=False))
        print(_word("cli.tasks.employment", lang=lang,
                    n=format_int(summary["employment_related_topics"], lang),
                    topics_share=format_percent(summary["share_of_topics"], lang),
                    visits_share=format_percent(summary["share_of_visits"], lang)))
        if summary["share_of_visits_printed"] is not None:
            print("  " + _word("cli.tasks.printed_share", format_percent(
                summary["share_of_visits_printed"], lang), lang=lang))
    return 0


def _cmd_plan_check(args) -> int:
    from ..datasets import load_dataset
    from ..models.planning import activities, phases, plan_result, read_plan

    plan = read_plan(args.plan if args.plan else load_dataset("coaching_plans"),
                     client=args.client, name=None if args.plan else "coaching_plans (bundled)")
    start = "plan" if args.job_start is None else (None if args.job_start == 0 else args.job_start)
    result = plan_result(plan, job_start_month=start, meeting_hours=args.meeting_hours)
    if args.json:
        _print_json(result.to_dict())
        return 0
    from ..display.tables import display_frame
    from ..i18n import format_bool, format_int, format_number, format_percent

    lang, s = args.lang, result.facts
    shown = result.table.copy()
    for column, table in (("phase", phases(lang)), ("activity", activities(lang))):
        names = dict(zip(table[f"{column}_id"], table[f"name_{lang}"], strict=True))
        shown[column] = [names.get(v, v) for v in shown[column]]
    shown["hours"] = [format_number(h, lang) for h in shown["hours"]]  # 0,5 h stays 0,5
    print(display_frame(shown, lang).to_string(index=False))
    print(_word("cli.plan.total", lang=lang, total=format_number(s["total_hours"], lang),
                cap=format_number(s["cap"], lang)))
    print(_word("cli.plan.employment", lang=lang, hours=format_number(s["employment_hours"], lang),
                share=format_percent(s["employment_share"], lang),
                verdict=_word("cli.plan.meets" if s["two_thirds_met"] else "cli.plan.does_not_meet",
                              lang=lang)))
    if s["job_start_month"] is None:
        print(_word("cli.plan.no_job" if args.job_start == 0 else "cli.plan.no_start", lang=lang))
    else:
        print(_word("cli.plan.followup", lang=lang, month=s["job_start_month"],
                    meetings=format_int(s["followup_meetings"], lang),
                    after=format_int(s["followup_meetings_after_year"], lang),
                    needed=format_number(s["followup_hours_needed"], lang),
                    planned=format_number(s["followup_hours_planned"], lang),
                    covered=format_bool(s["followup_covered"], lang),
                    fits=format_bool(s["followup_fits_cap"], lang)))
    return 0


def _cmd_fidelity_score(args) -> int:
    from ..analyses.fidelity import band_name, fidelity_score

    res = fidelity_score(args.ratings)
    if args.json:
        _print_json(res.to_dict())
    else:
        from ..display.tables import display_frame
        from ..i18n import t

        lang = args.lang
        print(f"{t('label.fidelity_total', lang)} {res.total}/125: {band_name(res.band, lang)}")
        for s, v in res.sections.items():
            print(f"  {t(f'section.{s}', lang, default=s):13s} {v}")
        weakest = res.items.head(5)[["item", "score", f"name_{lang}"]]
        print(display_frame(weakest.rename(columns={f"name_{lang}": "name"}), lang)
              .to_string(index=False))
    return 0


def _cmd_pyramid_summary(args) -> int:
    from ..analyses.pyramid import pyramid_result, read_survey

    result = pyramid_result(read_survey(args.survey), threshold=args.threshold)
    if args.json:
        _print_json(result.to_dict())
    else:
        from ..i18n import format_int, format_number, format_percent

        lang, facts = args.lang, result.facts
        print(_word("cli.pyramid.clients", lang=lang, n=format_int(facts["n_clients"], lang),
                    complete=format_int(facts["n_complete"], lang),
                    threshold=format_number(args.threshold, lang)))
        for lvl in result.table.itertuples():
            print("  " + _word("cli.pyramid.level", lang=lang, level=lvl.level,
                               share=format_percent(lvl.met_share, lang),
                               alpha=format_number(lvl.alpha, lang, 2),
                               items=format_int(lvl.n_items, lang)))
        print(_word("cli.pyramid.by_levels_met", format_percent(0.95, lang, 0), lang=lang))
        for r in result.tables["by_levels_met"].itertuples():
            share = "–" if r.n == 0 else (
                f"{format_percent(r.useful_share, lang)} " + _word(
                    "cli.interval", format_percent(r.ci_low, lang),
                    format_percent(r.ci_high, lang), lang=lang))
            print(f"  {r.levels_met}  n = {format_int(r.n, lang):>5}  {share}")
        lo, hi = facts["odds_ratio_ci"]
        if facts["odds_ratio_per_level"] is None:
            print(_word("cli.pyramid.odds_ratio_none", facts["odds_ratio_note"], lang=lang))
        else:
            print(_word("cli.pyramid.odds_ratio",
                        format_number(facts["odds_ratio_per_level"], lang, 2),
                        _word("cli.interval", format_number(lo, lang, 2),
                              format_number(hi, lang, 2), lang=lang), lang=lang))
    return 0


def _selection_params(args):
    from ..models.selection import SelectionParams

    return SelectionParams.calibrated(applicants=args.applicants, places=args.places,
                                      coach_fte=args.coach_fte, wbl_share=args.wbl_share,
                                      labour_market=args.labour_market)


def _cmd_selection_compare(args) -> int:
    from ..models.selection import STRATEGIES, Strategy, simulate

    params = _selection_params(args)
    strategies = ["tightened", Strategy("loosened", args.share), "open"] if args.share is not None \
        else list(STRATEGIES)
    res = simulate(params, strategies=strategies, reps=args.reps, seed=args.seed,
                   job_club=args.job_club)
    if args.json:
        _print_json(res.records())
    else:
        cols = ["strategy", "coach", "disadvantaged_admitted_share", "selection_rate_ratio",
                "completion_rate", "employment_rate", "employment_rate_range95_low",
                "employment_rate_range95_high", "employed", "disadvantaged_employed",
                "coach_hours_needed", "coach_hours_available"]
        from ..display.tables import display_frame
        from ..i18n import format_bool, format_int

        lang = args.lang
        print(_word("cli.selection.summary", lang=lang, reps=format_int(res.reps, lang),
                    applicants=format_int(params.applicants, lang),
                    places=format_int(params.places, lang),
                    job_club=format_bool(res.job_club, lang)))
        print(display_frame(res.summary[cols].round(3), lang).to_string(index=False))
    return 0


def _cmd_selection_calibrate(args) -> int:
    from ..models.selection import calibrate, write_calibration

    result = calibrate(reps=args.reps)
    if args.out or not args.dry_run:
        path = write_calibration(result, args.out, force=args.force)
        print(f"wrote {path}")
    _print_json({"parameters": result["parameters"], "achieved": result["achieved"]})
    return 0


def _cmd_exercises_build(args) -> int:
    from ..teaching.exercises import build_exercises

    for path in build_exercises(args.src, args.out, force=args.force):
        print(path)
    return 0


def _cmd_handouts(args) -> int:
    from ..teaching.handouts import write_handouts

    print(write_handouts(args.out, progress=not args.quiet, no_code=args.no_code))
    return 0


def _cmd_rerun(args) -> int:
    from .rerun import rerun

    result = rerun(args.notebook, args.param, out=args.out, force=args.force)
    print(result["html"])
    return 0


def _cmd_classroom(args) -> int:
    from ..teaching.classroom import serve

    try:
        limit = {} if args.max_pages is None else {"max_pages": args.max_pages}
        serve(args.dir, port=args.port, ip=args.ip, students=args.students, open_=args.open or (),
              code=args.code, allow_hosts=args.allow_host or (), **limit)
    except KeyboardInterrupt:
        print(_word("cli.classroom.closed"))
    return 0


def _cmd_hub(args) -> int:
    from ..teaching.hub import serve

    try:
        serve(args.dir, port=args.port, password=args.password, trainer=args.trainer,
              trainer_password=args.trainer_password)
    except KeyboardInterrupt:
        print(_word("cli.hub.closed"))
    return 0


def _cmd_class_report(args) -> int:
    from pathlib import Path

    from ..formats import write_atomic
    from ..teaching.classreport import class_report, report_page, report_text, write_workbook

    for target in (args.xlsx, args.html):  # refuse before reading anything
        if target and Path(target).exists() and not args.force:
            raise InputError("the file exists; nothing was written (use --force to replace it)",
                             file=target)
    report = class_report(args.dir, lang=args.lang, n_boot=args.boot, seed=args.seed)
    _notes(report.notes)
    if args.xlsx:
        write_workbook(report, args.xlsx, force=args.force)
    if args.html:
        write_atomic(args.html, report_page(report).encode("utf-8"), force=args.force)
    if args.json:
        _print_json(report.to_dict())
    else:
        print(report_text(report))
    return 0


def _cmd_notebooks(args) -> int:
    from ..display.notebooks import run_notebooks

    index = run_notebooks(args.src, args.out, progress=not args.quiet, lang=args.lang)
    print(index)
    return 0


def _corpus_args(p) -> None:
    """The arguments every command that reads a corpus takes."""
    from ..formats import formats_line

    p.add_argument("corpus", help="corpus with segment_id, source, code [, text, excluded, "
                   f"coder]: {formats_line('table')}; or {formats_line('project')}")
    p.add_argument("--sheet", help="sheet of an .xlsx workbook (default: the first)")
    p.add_argument("--coder", help="only this coder's codings (needed when there are several)")
    p.add_argument("--codes", choices=["frame", "own"], default="frame",
                   help="frame: codes must be in the kit's frame (default); own: your own codes "
                   "are the categories")


def _group(sub, name: str, help: str):
    """A command with subcommands (``coachkit NAME SUBCOMMAND …``)."""
    return sub.add_parser(name, help=help).add_subparsers(dest=f"{name}_command", required=True,
                                                          parser_class=_Parser)


def build_parser() -> argparse.ArgumentParser:
    from ..formats import formats_line
    from ..i18n import languages

    p = _Parser(prog="coachkit", description="Job-coaching research and teaching kit.")
    p.add_argument("--version", action="version", version=_version())
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    g = sub.add_parser("generate", help="write every synthetic data set and MANIFEST.json")
    g.add_argument("--out", help="target folder (default: the kit's data/synthetic)")
    g.add_argument("--seed", type=int, help="base seed (default: the shipped data's seed)")
    g.add_argument("--quiet", action="store_true")
    g.add_argument("--force", action="store_true", help="replace files that would change")
    _lang_option(g)
    g.set_defaults(func=_cmd_generate)

    ts = _group(sub, "themes", "content analysis: emphasis stars, saturation, coder agreement")
    st = ts.add_parser("stars", help="emphasis stars per source × overall goal")
    _corpus_args(st)
    st.add_argument("--rule", help="minimum value for 1,2,3,4 stars (default 1,3,6,10)")
    st.add_argument("--basis", choices=["count", "share"], default="count",
                    help="apply the rule to counts or to shares within a source")
    st.add_argument("--include-excluded", action="store_true",
                    help="also count sources flagged excluded")
    _lang_option(st)
    st.add_argument("--json", action="store_true", help="JSON records on stdout")
    st.set_defaults(func=_cmd_themes_stars)
    sa = ts.add_parser("saturation", help="saturation curve over documents and the "
                       "Guest, Namey & Chen point")
    _corpus_args(sa)
    sa.add_argument("--base", type=int, default=4, help="documents in the base (default 4)")
    sa.add_argument("--run", type=int, default=2, help="documents per run (default 2)")
    sa.add_argument("--threshold", type=float, default=0.05,
                    help="new codes in a run / base codes at saturation (default 0.05)")
    sa.add_argument("--orders", type=int, default=500, help="random reading orders for the curve")
    sa.add_argument("--seed", type=int, default=0)
    sa.add_argument("--include-excluded", action="store_true",
                    help="also read sources flagged excluded")
    _lang_option(sa)
    sa.add_argument("--json", action="store_true")
    sa.set_defaults(func=_cmd_themes_saturation)
    ag = ts.add_parser("agreement", help="inter-coder agreement overall and per code")
    ag.add_argument("coding", help=f"segment_id, coder, code: {formats_line('table')}; or "
                    f"{formats_line('project')}: paragraph units plus character-level agreement")
    ag.add_argument("--sheet", help="sheet of an .xlsx workbook (default: the first)")
    ag.add_argument("--codes", choices=["frame", "own"], default="frame",
                    help="qdpx: map codes to the kit's frame (default) or keep your own")
    ag.add_argument("--boot", type=int, default=1000, help="bootstrap resamples for α")
    ag.add_argument("--seed", type=int, default=0)
    ag.add_argument("--confidence", type=float, default=0.95,
                    help="level of the intervals, 0.5–0.999 (default 0.95)")
    _lang_option(ag)
    ag.add_argument("--json", action="store_true")
    ag.set_defaults(func=_cmd_themes_agreement)

    im = sub.add_parser("import", help="a REFI-QDA project as CSV tables (and an Excel workbook)")
    im.add_argument("project", help=f"{formats_line('project')} exported by NVivo, ATLAS.ti, "
                    "MAXQDA or QualCoder")
    im.add_argument("--out", required=True, help="folder for corpus.csv, coding.csv, "
                    "codebook.csv, sources.csv")
    im.add_argument("--xlsx", action="store_true", help="also write the tables as one workbook")
    im.add_argument("--force", action="store_true", help="replace files that exist")
    im.set_defaults(func=_cmd_import)

    exs_ = _group(sub, "export", "REFI-QDA files for your QDA tool")
    eq = exs_.add_parser("qdpx", help="a project with the kit's code hierarchy, sources and codings")
    eq.add_argument("--corpus", help="corpus to export (default: the kit's synthetic corpus)")
    eq.add_argument("--sheet", help="sheet of an .xlsx corpus")
    eq.add_argument("--coder", help="only this coder's codings")
    eq.add_argument("--codes", choices=["frame", "own"], default="frame")
    eq.add_argument("--name", default="coachkit corpus", help="project name")
    eq.add_argument("--out", required=True, help="PROJECT.qdpx to write")
    eq.add_argument("--force", action="store_true", help="replace the file if it exists")
    eq.set_defaults(func=_cmd_export_qdpx)
    ec = exs_.add_parser("qdc", help="the kit's codebook (goals → subcategories) as REFI-QDA .qdc")
    ec.add_argument("--out", required=True, help="CODEBOOK.qdc to write")
    ec.add_argument("--force", action="store_true", help="replace the file if it exists")
    ec.set_defaults(func=_cmd_export_qdc)

    pz = sub.add_parser("pseudonymise", help="replace names, identity codes, phone numbers, "
                        "e-mail and street addresses by stable pseudonyms (run this first)")
    pz.add_argument("file", help=f"a transcript: {formats_line('text')}; a table: "
                    f"{formats_line('table')} (a .txt is a transcript here); or "
                    f"{formats_line('project')}")
    pz.add_argument("--out", help="pseudonymised copy to write (same kind as FILE; CSV ↔ .xlsx)")
    pz.add_argument("--names", help="text file of names Voikko does not know, one person per "
                    "line (other forms of the same name after commas)")
    pz.add_argument("--keep", help="words to keep although they are names (comma-separated)")
    pz.add_argument("--key", help="key file (default: coachkit-pseudonym.key in FILE's folder "
                    "or its parents, created on first use)")
    pz.add_argument("--sheet", help="sheet of an .xlsx workbook")
    pz.add_argument("--check", action="store_true",
                    help="only look, with stricter rules: one line per thing that might be "
                    "personal (masked), exit 1 if any")
    pz.add_argument("--suggest-names", metavar="NAMES.txt",
                    help="with --check: write the capitalised words the dictionary does not know "
                    "to this file, to edit and pass with --names")
    pz.add_argument("--plates", action="store_true",
                    help="also replace car registration plates (ABC-123)")
    pz.add_argument("--client-numbers", metavar="SHAPES",
                    help="also replace client numbers of these shapes, comma-separated: "
                    "# a digit, ? a letter (e.g. AS-#####)")
    pz.add_argument("--new-key", action="store_true",
                    help="create a new key in FILE's folder even if a neighbouring folder has one "
                    "(a separate study)")
    pz.add_argument("--force", action="store_true", help="replace --out and its report if they exist")
    _lang_option(pz)
    pz.set_defaults(func=_cmd_pseudonymise)

    pys = _group(sub, "pyramid", "value pyramid from client feedback (Pikkusaari 2012, ch. 5.1)")
    ps = pys.add_parser("summary", help="levels met, usefulness by levels met, odds ratio")
    ps.add_argument("survey", help="CSV with client_id, useful and items I_…, II_…, III_…")
    ps.add_argument("--threshold", type=float, default=4.0,
                    help="a level is met when its score ≥ this (default 4.0)")
    _lang_option(ps)
    ps.add_argument("--json", action="store_true")
    ps.set_defaults(func=_cmd_pyramid_summary)

    ses = _group(sub, "selection", "student-selection scenarios (Pikkusaari 2012, ch. 4.3)")
    sc = ses.add_parser("compare", help="simulate the three strategies with and without a coach")
    sc.add_argument("--applicants", type=int, default=300)
    sc.add_argument("--places", type=int, default=100)
    sc.add_argument("--reps", type=int, default=500, help="replications (default 500)")
    sc.add_argument("--seed", type=int, default=0)
    sc.add_argument("--job-club", action="store_true", help="add the post-training job club")
    sc.add_argument("--coach-fte", type=float, default=1.0, help="coach full-time equivalents")
    sc.add_argument("--share", type=float, default=None,
                    help="share of places strategy B fills by motivation (default 0.3)")
    sc.add_argument("--wbl-share", type=float, default=0.8, help="work-based learning share")
    sc.add_argument("--labour-market", type=float, default=0.0,
                    help="labour-market shift on the logit scale (negative = tighter)")
    _lang_option(sc)
    sc.add_argument("--json", action="store_true")
    sc.set_defaults(func=_cmd_selection_compare)
    cal = ses.add_parser("calibrate", help="refit the calibrated intercepts and write them")
    cal.add_argument("--reps", type=int, default=2000)
    cal.add_argument("--out", help="file to write (default data/calibration/selection.json)")
    cal.add_argument("--dry-run", action="store_true", help="print only, write nothing")
    cal.add_argument("--force", action="store_true", help="replace the file if it would change")
    cal.set_defaults(func=_cmd_selection_calibrate)

    tks = _group(sub, "tasks", "a job coach's visit topics (Pikkusaari 2012, ch. 4.1)")
    ts_ = tks.add_parser("summary", help="employment-related share and the totals check")
    ts_.add_argument("--table", help="CSV with topic, visits, employment_related [, men, women, "
                     "immigrants, row_type] (default: the study's table)")
    _lang_option(ts_)
    ts_.add_argument("--json", action="store_true")
    ts_.set_defaults(func=_cmd_tasks_summary)

    pls = _group(sub, "plan", "a coaching year: 50 hours across the four TE service phases")
    pc = pls.add_parser("check", help="the 50 h cap, the two-thirds advice and the follow-up fit")
    pc.add_argument("plan", nargs="?", help="CSV with phase, activity, hours [, client, "
                    "job_start_month] (default: the synthetic providers' plans, with --client)")
    pc.add_argument("--client", help="which client, when the file has several")
    pc.add_argument("--job-start", type=int, choices=range(0, 13), metavar="MONTH",
                    help="month 1-12 work starts (0 = no job this year; default: from the plan)")
    pc.add_argument("--meeting-hours", type=float, default=1.0,
                    help="hours of one follow-up meeting (the kit's assumption, default 1)")
    _lang_option(pc)
    pc.add_argument("--json", action="store_true")
    pc.set_defaults(func=_cmd_plan_check)

    fds = _group(sub, "fidelity", "IPS-25 fidelity self-assessment")
    fs = fds.add_parser("score", help="total, band and section subtotals")
    fs.add_argument("ratings", help="CSV with item (1-25) and score (1-5)")
    _lang_option(fs)
    fs.add_argument("--json", action="store_true")
    fs.set_defaults(func=_cmd_fidelity_score)

    exs = _group(sub, "exercises", "student exercises")
    eb = exs.add_parser("build", help="write student versions from the masters")
    eb.add_argument("--src", help="folder of masters (default exercises/source)")
    eb.add_argument("--out", help="folder for student versions (default exercises/)")
    eb.add_argument("--force", action="store_true",
                    help="replace student versions changed since they were built")
    eb.set_defaults(func=_cmd_exercises_build)

    ho = sub.add_parser("handouts", help="executed HTML of notebooks and exercises, course index")
    ho.add_argument("--out", default="build/handouts")
    ho.add_argument("--no-code", action="store_true",
                    help="leave code cells out (the trainer's projector variant)")
    ho.add_argument("--quiet", action="store_true")
    ho.set_defaults(func=_cmd_handouts)

    cl = sub.add_parser("classroom", help="dashboards and exercises as web apps (Voilà): live "
                        "kernel, no code cells, Finnish landing page")
    cl.add_argument("--port", type=int, default=8866)
    cl.add_argument("--ip", default="127.0.0.1",
                    help="address to listen on (default 127.0.0.1; 0.0.0.0 = students' laptops too)")
    cl.add_argument("--dir", default="build/classroom",
                    help="folder for the apps and the files students save (default build/classroom)")
    cl.add_argument("--students", type=int, default=25,
                    help="class size: pages kept ready for each app given with --open (default 25)")
    cl.add_argument("--open", action="append", metavar="APP",
                    help="the app the class opens, ready for every student before they arrive: "
                    "an exercise number (01) or the start of an app's file name (repeatable)")
    cl.add_argument("--code", help="the class code students need (6-64 letters, digits, - or _); "
                    "default: a new one whenever --ip reaches beyond this machine; given, it is "
                    "needed on 127.0.0.1 too")
    cl.add_argument("--allow-host", action="append", metavar="NAME",
                    help="a host name students may use for this machine besides its own "
                    "(repeatable); other names are refused")
    cl.add_argument("--max-pages", type=int, metavar="N",
                    help="app pages one student's machine may hold open at once (default 6; "
                    "0 = no cap; this machine itself is not capped)")
    cl.set_defaults(func=_cmd_classroom)

    hb = sub.add_parser("hub", help="try the classroom on JupyterHub on this machine: a server per "
                        "student, log-in with the class password (127.0.0.1)")
    hb.add_argument("--port", type=int, default=8000)
    hb.add_argument("--password", required=True,
                    help="the class password (at least 8 characters): any name logs in with it")
    hb.add_argument("--dir", default="build/hub",
                    help="folder of the trial hub; the class folder is DIR/luokka (default build/hub)")
    hb.add_argument("--trainer", metavar="NAME",
                    help="the trainer's log-in name: the hub's admin, who opens the trainer's page "
                    "/services/opettaja/ (with the trainer's password, not the class password)")
    hb.add_argument("--trainer-password", metavar="WORD",
                    help="the trainer's password (at least 32 characters; default: one is made and "
                    "printed)")
    hb.set_defaults(func=_cmd_hub)

    cls = _group(sub, "class", "the trainer's view of a class: what the students saved, pooled")
    cr = cls.add_parser("report", help="who saved, per task answered/right, the class's pooled "
                        "coding (Krippendorff's α, the most disputed excerpts)")
    cr.add_argument("dir", nargs="?", default=None, metavar="DIR",
                    help="the classroom's folder (default build/classroom)")
    cr.add_argument("--json", action="store_true")
    cr.add_argument("--xlsx", metavar="FILE", help="also write one Excel workbook: the pooled "
                    "coding and a sheet per exercise, a row per student")
    cr.add_argument("--html", metavar="FILE", help="also write the report as an HTML page")
    _lang_option(cr)
    cr.add_argument("--boot", type=int, default=1000, help="bootstrap resamples for α's interval")
    cr.add_argument("--seed", type=int, default=0)
    cr.add_argument("--force", action="store_true", help="replace an existing --xlsx/--html file")
    cr.set_defaults(func=_cmd_class_report)

    rr = sub.add_parser("rerun", help="rerun an analysis notebook with your own data (papermill)")
    rr.add_argument("notebook", help="notebook number or name prefix, e.g. 01")
    rr.add_argument("--param", action="append", metavar="NAME=VALUE",
                    help="set a parameter of the notebook (repeatable), e.g. corpus=my.csv; data "
                    f"files: {formats_line('table')} (corpus and coding also "
                    f"{formats_line('project')})")
    rr.add_argument("--out", default="build/rerun")
    rr.add_argument("--force", action="store_true", help="replace the results of an earlier run")
    rr.set_defaults(func=_cmd_rerun)

    nb = sub.add_parser("notebooks", help="execute every notebook headless and write HTML")
    nb.add_argument("--src", default=None, help="notebook folder (default: the kit's notebooks/)")
    nb.add_argument("--out", default="build/html", help="HTML folder (default build/html)")
    nb.add_argument("--quiet", action="store_true")
    nb.add_argument("--lang", choices=languages(), default=None,
                    help="language of the pages and the index (default: each notebook's own)")
    nb.set_defaults(func=_cmd_notebooks)
    return p


def _version() -> str:
    from .. import __version__

    return f"coachkit {__version__}"


def _run(args) -> int:
    """Run a command; a note about a file read (:class:`~coachkit.errors.InputNote`) is one
    ``coachkit: note:`` line on stderr."""
    import warnings

    from ..errors import InputNote

    shown = warnings.showwarning

    def show(message, category, *rest, **kw):
        if issubclass(category, InputNote):
            _notes([str(message)])
        else:
            shown(message, category, *rest, **kw)

    with warnings.catch_warnings():
        warnings.simplefilter("always", InputNote)
        warnings.showwarning = show
        return args.func(args)


def main(argv=None) -> int:
    import signal
    import threading

    parser = build_parser()
    args = parser.parse_args(argv)
    stdout = sys.stdout
    sys.stdout = _SafeOutput(stdout)
    handler = None
    if threading.current_thread() is threading.main_thread():
        handler = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _run(args)
    except ValueError as exc:  # InputError and the checks' ValueError: the user's input
        # (a TypeError, like any other exception, is a bug: its traceback shows, exit 1)
        _say(f"coachkit: error: {exc}")
        return EXIT_INPUT
    except BrokenPipeError:
        # the reader stopped early (`coachkit … | head`): nothing is wrong, nothing to say
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())  # no error at exit flush
        return 141  # 128 + SIGPIPE, as the shell reports a command cut off so
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _say(f"coachkit: error: {where}{exc.strerror or exc}")
        return EXIT_INPUT
    except KeyboardInterrupt:
        _say("coachkit: interrupted")
        return 130
    finally:
        sys.stdout = stdout
        if handler is not None:
            signal.signal(signal.SIGTERM, handler)


if __name__ == "__main__":
    sys.exit(main())
