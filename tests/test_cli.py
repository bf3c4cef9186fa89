import json
import subprocess
import sys

import pytest

import coachkit as ck
from coachkit.cli import main

CORPUS = ck.data_dir() / "synthetic" / "source_corpus.csv"
CODING = ck.data_dir() / "synthetic" / "coach_coding.csv"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code, out, err, *fragments):
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for f in fragments:
        assert f in lines[0], lines[0]


def test_stars_json_contract(capsys):
    code, out, _ = run(capsys, "themes", "stars", str(CORPUS), "--json")
    assert code == 0
    records = json.loads(out)
    assert len(records) == 6 * 5
    assert set(records[0]) == {"source", "category", "count", "stars"}
    assert {r["category"] for r in records} == set(ck.GOAL_IDS)
    published = ck.compare_to_published(ck.star_table(ck.read_corpus(CORPUS)))
    by_cell = {(r["source"], r["category"]): r["stars"] for r in records}
    assert all(by_cell[(r.source, r.category)] == r.published for r in published.itertuples())


def test_stars_rule_option_changes_stars(capsys):
    _, default, _ = run(capsys, "themes", "stars", str(CORPUS), "--json")
    _, strict, _ = run(capsys, "themes", "stars", str(CORPUS), "--json", "--rule", "2,6,12,20")
    d, s = json.loads(default), json.loads(strict)
    assert [r["count"] for r in d] == [r["count"] for r in s]
    assert sum(r["stars"] for r in s) < sum(r["stars"] for r in d)
    for r in s:
        assert r["stars"] == ck.StarRule((2, 6, 12, 20)).apply([r["count"]])[0]


def test_stars_include_excluded_and_table_output(capsys):
    _, out, _ = run(capsys, "themes", "stars", str(CORPUS), "--json", "--include-excluded")
    assert "Räsänen" in {r["source"] for r in json.loads(out)}
    code, out, _ = run(capsys, "themes", "stars", str(CORPUS), "--lang", "en")
    assert code == 0 and "Supporting coping at work" in out


def test_stars_share_basis(capsys):
    code, out, _ = run(capsys, "themes", "stars", str(CORPUS), "--json", "--basis", "share",
                       "--rule", "0.05,0.15,0.25,0.35")
    assert code == 0 and len(json.loads(out)) == 30


@pytest.mark.parametrize("variant", ["semicolon_bom_crlf", "cp1252"])
def test_stars_reads_excel_files(capsys, write, variant):
    text = "segment_id;source;code\r\n1;Pääkaupunkiseutu;tyonhaku\r\n2;Pääkaupunkiseutu;tyossajaksaminen\r\n"
    if variant == "cp1252":
        path = write("c.csv", text.replace(";", ","), encoding="cp1252")
    else:
        path = write("c.csv", b"\xef\xbb\xbf" + text.encode())
    code, out, _ = run(capsys, "themes", "stars", str(path), "--json")
    assert code == 0
    records = json.loads(out)
    assert {r["source"] for r in records} == {"Pääkaupunkiseutu"}
    assert sum(r["count"] for r in records) == 2


BAD_CORPORA = {
    "missing_column": ("segment_id,source\n1,A\n", ["missing column", "code", "row 1"]),
    "unknown_code": ("segment_id,source,code\n1,A,tyonhaku\n2,A,lottery\n",
                     ["row 3", "column 'code'", "lottery"]),
    "empty": ("", ["empty"]),
    "header_only": ("segment_id,source,code\n", ["no data rows"]),
    "duplicate": ("segment_id,source,code\n1,A,tyonhaku\n1,B,tyokyky\n",
                  ["row 3", "segment_id", "duplicate"]),
    "binary": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", ["not a text file"]),
    "bad_excluded": ("segment_id,source,code,excluded\n1,A,tyonhaku,perhaps\n",
                     ["row 2", "excluded"]),
}


@pytest.mark.parametrize("case", sorted(BAD_CORPORA))
def test_stars_bad_input_one_line_exit_2(capsys, write, case):
    content, fragments = BAD_CORPORA[case]
    path = write(f"{case}.csv", content)
    before = path.read_bytes()
    code, out, err = run(capsys, "themes", "stars", str(path), "--json")
    assert_one_line_error(code, out, err, str(path), *fragments)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        p.name for p in path.parent.iterdir())


def test_stars_missing_file_and_bad_rule(capsys, tmp_path):
    code, out, err = run(capsys, "themes", "stars", str(tmp_path / "nope.csv"))
    assert_one_line_error(code, out, err, "not found")
    code, out, err = run(capsys, "themes", "stars", str(CORPUS), "--rule", "6,3,1,10")
    assert_one_line_error(code, out, err, "star rule")


def test_agreement_json(capsys):
    code, out, _ = run(capsys, "themes", "agreement", str(CODING), "--json", "--boot", "100")
    assert code == 0
    payload = json.loads(out)
    metrics = {m["metric"]: m for m in payload["overall"]}
    assert set(metrics) == {"percent_agreement", "cohen_kappa", "krippendorff_alpha"}
    assert metrics["cohen_kappa"]["ci_low"] < metrics["cohen_kappa"]["estimate"]
    assert {c["code"] for c in payload["by_code"]} <= set(ck.load_dataset("values")["code_id"])
    assert payload["coders"] == ["A", "B"]


def test_agreement_text_and_errors(capsys, write):
    code, out, _ = run(capsys, "themes", "agreement", str(CODING), "--boot", "50")
    assert code == 0 and "Cohenin κ" in out
    path = write("c.csv", "segment_id,coder,code\n1,A,x\n1,A,y\n")
    code, out, err = run(capsys, "themes", "agreement", str(path))
    assert_one_line_error(code, out, err, "row 3", "duplicate")
    path = write("d.csv", "segment_id,coder\n1,A\n")
    code, out, err = run(capsys, "themes", "agreement", str(path))
    assert_one_line_error(code, out, err, "missing column", "code")


def test_generate_out_and_refusal(capsys, tmp_path):
    code, out, _ = run(capsys, "generate", "--out", str(tmp_path / "d"), "--quiet")
    assert code == 0
    assert (tmp_path / "d" / "MANIFEST.json").exists()
    blocker = tmp_path / "file.txt"
    blocker.write_text("keep me")
    code, out, err = run(capsys, "generate", "--out", str(blocker), "--quiet")
    assert_one_line_error(code, out, err, "not a folder")
    assert blocker.read_text() == "keep me"


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["themes", "stars"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1


def test_console_script_subprocess(write):
    path = write("bad.csv", "segment_id,source,code\n1,A,nope\n")
    proc = subprocess.run([sys.executable, "-m", "coachkit", "themes", "stars", str(path), "--json"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_tasks_summary_json(capsys):
    code, out, _ = run(capsys, "tasks", "summary", "--json")
    assert code == 0
    s = json.loads(out)
    assert {k: s[k] for k in ("topics", "rows_total", "printed_total", "mismatch",
                              "employment_related_topics")} == {
        "topics": 18, "rows_total": 880, "printed_total": 728, "mismatch": True,
        "employment_related_topics": 3}
    assert s["share_of_topics"] == pytest.approx(1 / 6)
    assert s["share_of_visits"] == pytest.approx(133 / 880)


def test_tasks_summary_own_table(capsys, write):
    path = write("week.csv", "topic;visits;employment_related\r\nCV;4;kyllä\r\nTentti;6;ei\r\n")
    code, out, _ = run(capsys, "tasks", "summary", "--table", str(path), "--json")
    assert code == 0
    s = json.loads(out)
    assert s["mismatch"] is False and s["printed_total"] is None
    assert s["share_of_visits"] == pytest.approx(0.4)
    code, out, err = run(capsys, "tasks", "summary", "--table", str(write("b.csv", "topic,visits\n")))
    assert_one_line_error(code, out, err, "b.csv")
    code, out, _ = run(capsys, "tasks", "summary", "--lang", "en")
    assert code == 0 and "does not match" in out


def test_fidelity_score_json(capsys, write):
    rows = "\n".join(f"{i},{4 if i != 17 else 2}" for i in range(1, 26))
    path = write("r.csv", "item,score\n" + rows + "\n")
    code, out, _ = run(capsys, "fidelity", "score", str(path), "--json")
    assert code == 0
    payload = json.loads(out)
    assert payload["total"] == 98 and payload["band"] == "fair"
    assert payload["sections"] == {"staffing": 12, "organization": 32, "services": 54}


@pytest.mark.parametrize("content,fragments", [
    ("item,score\n" + "\n".join(f"{i},3" for i in range(1, 25)) + "\n", ["missing item(s) 25"]),
    ("item,score\n" + "\n".join(f"{i},3" for i in [*range(1, 26), 5]) + "\n", ["row 27", "duplicate"]),
    ("item,score\n" + "\n".join(f"{i},{7 if i == 3 else 3}" for i in range(1, 26)) + "\n",
     ["row 4", "column 'score'"]),
])
def test_fidelity_bad_input(capsys, write, content, fragments):
    path = write("r.csv", content)
    code, out, err = run(capsys, "fidelity", "score", str(path), "--json")
    assert_one_line_error(code, out, err, str(path), *fragments)


SURVEY = ck.data_dir() / "synthetic" / "feedback_survey.csv"


def test_pyramid_summary_json(capsys):
    code, out, _ = run(capsys, "pyramid", "summary", str(SURVEY), "--json")
    assert code == 0
    s = json.loads(out)
    assert [lvl["level"] for lvl in s["levels"]] == ["I", "II", "III"]
    assert {"met_share", "alpha"} <= set(s["levels"][0])
    assert [r["levels_met"] for r in s["by_levels_met"]] == [0, 1, 2, 3]
    assert {"n", "useful_share", "ci_low", "ci_high"} <= set(s["by_levels_met"][0])
    assert isinstance(s["odds_ratio_per_level"], float) and s["odds_ratio_per_level"] > 1
    _, out2, _ = run(capsys, "pyramid", "summary", str(SURVEY), "--json", "--threshold", "3")
    assert json.loads(out2)["levels"][0]["met_share"] > s["levels"][0]["met_share"]


@pytest.mark.parametrize("content,fragments", [
    ("client_id,useful,I_a,II_a,III_a\n1,4,3,3,9\n", ["row 2", "column 'III_a'"]),
    ("client_id,useful,I_a,II_a,III_a\n1,4,3,x,3\n", ["column 'II_a'", "not a number"]),
    ("client_id,useful,I_a,II_a\n1,4,3,3\n", ["level III has no items"]),
    ("client_id,I_a,II_a,III_a\n1,3,3,3\n", ["missing column", "useful"]),
    ("", ["empty"]),
    ("client_id,useful,I_a,II_a,III_a\n1,4,3,3,3\n1,5,3,3,3\n", ["row 3", "duplicate client_id"]),
])
def test_pyramid_bad_input(capsys, write, content, fragments):
    path = write("s.csv", content)
    code, out, err = run(capsys, "pyramid", "summary", str(path), "--json")
    assert_one_line_error(code, out, err, str(path), *fragments)


@pytest.mark.parametrize(("lang", "words", "other"), [
    ("fi", ["asiakkaita:", "vetosuhde täyttynyttä tasoa kohden", "95\xa0%:n Wilsonin väli"],
     ["clients", "odds ratio", "level"]),
    ("en", ["clients:", "odds ratio per level met", "95% Wilson interval"],
     ["asiakkaita", "vetosuhde", "taso"])])
def test_pyramid_text_is_all_in_the_language_asked(capsys, lang, words, other):
    code, out, _ = run(capsys, "pyramid", "summary", str(SURVEY), "--lang", lang)
    assert code == 0 and all(w in out for w in words), out
    assert [w for w in other if w in out] == []
    assert ("," if lang == "fi" else ".") in out.split("Cronbach")[1][:12]


@pytest.mark.parametrize(("lang", "words", "other"), [
    ("fi", ["aiheita:", "VAROITUS: painettu", "työllistymiseen liittyviä aiheita"],
     ["topics", "WARNING", "employment"]),
    ("en", ["topics:", "WARNING: the printed", "employment-related topics"],
     ["aiheita", "VAROITUS", "käyntejä"])])
def test_tasks_text_is_all_in_the_language_asked(capsys, lang, words, other):
    code, out, _ = run(capsys, "tasks", "summary", "--lang", lang)
    assert code == 0 and all(w in out for w in words), out
    assert [w for w in other if w in out] == []


def test_selection_compare_json(capsys):
    code, out, _ = run(capsys, "selection", "compare", "--reps", "200", "--json")
    assert code == 0
    recs = json.loads(out)
    assert [(r["strategy"], r["coach"]) for r in recs] == [
        (s, c) for s in ("tightened", "loosened", "open") for c in (False, True)]
    low, high = recs[0]["employment_rate_range95"]
    assert low <= recs[0]["employment_rate"] <= high
    _, out2, _ = run(capsys, "selection", "compare", "--reps", "200", "--json", "--job-club")
    club = json.loads(out2)
    assert all(b["employment_rate"] > a["employment_rate"] for a, b in zip(recs, club, strict=True))
    _, out3, _ = run(capsys, "selection", "compare", "--reps", "50", "--json", "--applicants", "90",
                     "--places", "30", "--seed", "4")
    assert all(r["admitted"] == 30 for r in json.loads(out3))


@pytest.mark.parametrize("args,fragment", [
    (["--coach-fte", "-1"], "coach_fte"), (["--places", "400"], "cannot exceed"),
    (["--share", "1.5"], "between 0 and 1"), (["--applicants", "0"], "applicants"),
    (["--reps", "0"], "reps"), (["--wbl-share", "2"], "wbl_share"),
])
def test_selection_bad_parameters(capsys, args, fragment):
    code, out, err = run(capsys, "selection", "compare", "--json", *args)
    assert_one_line_error(code, out, err, fragment)


def test_selection_calibrate_dry_run(capsys, tmp_path):
    code, out, _ = run(capsys, "selection", "calibrate", "--reps", "300", "--dry-run")
    assert code == 0 and "employment_intercept" in out
    target = tmp_path / "cal.json"
    code, out, _ = run(capsys, "selection", "calibrate", "--reps", "300", "--out", str(target))
    assert code == 0 and json.loads(target.read_text())["reps"] == 300


def test_generate_replaces_changed_files_only_with_force(capsys, tmp_path):
    d = tmp_path / "d"
    assert run(capsys, "generate", "--out", str(d), "--quiet")[0] == 0
    before = (d / "source_corpus.csv").read_bytes()
    # the same data again: nothing changes, nothing to refuse
    assert run(capsys, "generate", "--out", str(d), "--quiet")[0] == 0
    code, out, err = run(capsys, "generate", "--out", str(d), "--seed", "7", "--quiet")
    assert_one_line_error(code, out, err, "use --force")
    assert (d / "source_corpus.csv").read_bytes() == before
    assert run(capsys, "generate", "--out", str(d), "--seed", "7", "--quiet", "--force")[0] == 0
    assert (d / "source_corpus.csv").read_bytes() != before


def test_calibration_replaced_only_with_force(tmp_path):
    from coachkit.models.selection import write_calibration

    target = tmp_path / "cal.json"
    write_calibration({"reps": 1}, target)
    write_calibration({"reps": 1}, target)  # the same content is fine
    with pytest.raises(ValueError, match="use --force"):
        write_calibration({"reps": 2}, target)
    assert json.loads(target.read_text())["reps"] == 1
    write_calibration({"reps": 2}, target, force=True)
    assert json.loads(target.read_text())["reps"] == 2


@pytest.mark.parametrize(("lang", "line"), [("fi", "Sääntö: osuus ≥ 2,5/10/20/30 %"),
                                            ("en", "Rule: share ≥ 2.5/10/20/30 %")])
def test_a_share_rule_is_titled_in_the_language_asked(capsys, lang, line):
    """Finnish output writes a decimal comma and English output no Finnish word."""
    assert main(["themes", "stars", str(CORPUS), "--basis", "share",
                 "--rule", "0.025,0.1,0.2,0.3", "--lang", lang]) == 0
    assert capsys.readouterr().out.splitlines()[0] == line


@pytest.mark.parametrize(("lang", "words", "other"), [
    ("fi", ["pisteitä yhteensä 98/125: kohtalainen", "Henkilöstö", "Pisteet"],
     ["total", "staffing", "score"]),
    ("en", ["total score 98/125: fair", "Staffing", "Score"], ["yhteensä", "Henkilöstö", "Pisteet"])])
def test_fidelity_text_is_all_in_the_language_asked(capsys, write, lang, words, other):
    rows = "\n".join(f"{i},{4 if i != 17 else 2}" for i in range(1, 26))
    path = write("r.csv", "item,score\n" + rows + "\n")
    code, out, _ = run(capsys, "fidelity", "score", str(path), "--lang", lang)
    assert code == 0 and all(w in out for w in words)
    assert [w for w in other if w in out] == []


@pytest.mark.parametrize(("lang", "words", "other"), [
    ("fi", ["aineistoja: 6 koodattua", "kynnys 2,5\xa0%", "saturaatio 4 aineiston jälkeen",
            "Uusia koodeja"], ["documents", "threshold", "saturated", "new_codes", "2%"]),
    ("en", ["documents: 6 coded", "threshold 2.5%", "saturated after 4 documents", "New codes"],
     ["aineistoja", "kynnys", "saturaatio", "new_codes", "2%"])])
def test_saturation_text_is_all_in_the_language_asked(capsys, lang, words, other):
    """Finnish by default, English with --lang en; the threshold as given (2,5 %, not 2%)."""
    args = ["themes", "saturation", str(CORPUS), "--threshold", "0.025"]
    code, out, _ = run(capsys, *(args + ([] if lang == "fi" else ["--lang", "en"])))
    assert code == 0 and all(w in out for w in words)
    assert [w for w in other if w in out] == []


def test_json_output_holds_no_nan_a_script_could_not_parse(capsys, write):
    """`--json` is for scripts: an undefined value (Cronbach's α of one item, a level count
    nobody has) is null, never the NaN that JavaScript's or jq's parser refuses."""
    path = write("s.csv", "client_id;useful;I_a;II_a;III_a\nc1;4;4;4;4\nc2;3;3;3;3\n")
    code, out, _ = run(capsys, "pyramid", "summary", str(path), "--json")

    def refuse(constant):
        raise ValueError(f"{constant} is not JSON")

    payload = json.loads(out, parse_constant=refuse)
    assert code == 0 and payload["levels"][0]["alpha"] is None


def test_a_reader_that_stops_early_gets_no_error_line():
    """`coachkit themes stars FILE | head -1`: the pipe closing is not the user's error
    (it printed 'coachkit: error: : Broken pipe')."""
    proc = subprocess.Popen([sys.executable, "-m", "coachkit", "themes", "stars", str(CORPUS)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before the command writes: its first write finds no reader
    with proc.stderr:
        err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141 and err == ""


def test_a_type_error_is_a_bug_with_its_traceback_not_bad_input(capsys, monkeypatch):
    """Only the user's input is one line and exit 2; a TypeError inside the kit propagates
    (the interpreter shows its traceback and exits 1)."""
    from coachkit.analyses import tasks

    def broken(table):
        raise TypeError("unsupported operand type(s) for +: 'int' and 'str'")

    monkeypatch.setattr(tasks, "task_summary", broken)
    with pytest.raises(TypeError, match="unsupported operand"):
        main(["tasks", "summary"])
    assert "coachkit: error" not in capsys.readouterr().err


def test_lang_choices_are_the_catalogues_languages(tmp_path, capsys):
    """A Swedish catalogue dropped in is a --lang choice with no Python changed."""
    import shutil

    from coachkit import i18n

    folder = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, folder)
    shutil.copytree(folder / "en", folder / "sv")
    args = ["themes", "saturation", str(CORPUS), "--lang", "sv", "--json", "--orders", "5"]
    with pytest.raises(SystemExit) as stop:
        main(args)
    assert stop.value.code == 2 and "invalid choice: 'sv'" in capsys.readouterr().err
    with i18n.use_catalogues(folder):
        assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 6


def test_import_refuses_anything_but_a_project_in_one_line(capsys):
    code, out, err = run(capsys, "import", str(CORPUS), "--out", "never")
    assert_one_line_error(code, out, err, "a project is expected here",
                          "expected REFI-QDA project (.qdpx)")


def test_help_names_the_formats_the_registry_reads(capsys):
    from coachkit.formats import formats_line

    with pytest.raises(SystemExit):
        main(["themes", "stars", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert formats_line("table") in out and formats_line("project") in out


@pytest.mark.parametrize(("lang", "first", "header"), [
    ("fi", "20 toistoa, 300 hakijaa, 100 paikkaa, työnhakuklubi: ei", "Strategia"),
    ("en", "20 replications, 300 applicants, 100 places, job club: no", "Strategy")])
def test_selection_text_is_in_the_language_asked(capsys, lang, first, header):
    code, out, _ = run(capsys, "selection", "compare", "--reps", "20", "--lang", lang)
    lines = out.splitlines()
    assert code == 0 and lines[0] == first and lines[1].split()[0] == header
    assert ("," if lang == "fi" else ".") in lines[2] and "disadvantaged" not in out


def test_rerun_readers_are_functions_and_file_kinds_come_from_the_registry(tmp_path, write):
    """rerun's file parameters name reader functions (imported when needed) and what the
    file may hold; a file of another kind is refused from the registry before any run."""
    from coachkit import InputError
    from coachkit.analyses.themes import read_corpus
    from coachkit.cli.rerun import FILE_PARAMETERS, _validate_files, readers

    assert readers()["CORPUS"] is read_corpus and set(readers()) == set(FILE_PARAMETERS)
    path = write("korpus.dat", "segment_id,source,code\n1,A,tyonhaku\n")
    with pytest.raises(InputError, match=r"--param corpus: the kit does not read '\.dat' files; "
                       r"it reads CSV table \(\.csv, \.tsv, \.txt\)"):
        _validate_files({"CORPUS": str(path)}, {"CORPUS": None})
    with pytest.raises(InputError, match="--param survey: a table is expected here, and a "
                       r"REFI-QDA project \(\.qdpx\) is not one"):
        _validate_files({"SURVEY": str(tmp_path / "s.qdpx")}, {"SURVEY": None})


def test_rerun_truth_words_are_the_kits_one_vocabulary():
    """`k`, `x`, `tosi`, `yes` are true as in a table's cells (i18n.parse_bool)."""
    from coachkit import InputError
    from coachkit.cli.rerun import check_parameters

    for word in ("k", "x", "tosi", "yes", "Kyllä"):
        assert check_parameters({"PROJECTOR": word}, {"PROJECTOR": False}) == {"PROJECTOR": True}
    for word in ("e", "epätosi", "no"):
        assert check_parameters({"PROJECTOR": word}, {"PROJECTOR": True}) == {"PROJECTOR": False}
    with pytest.raises(InputError, match="expected true or false"):
        check_parameters({"PROJECTOR": ""}, {"PROJECTOR": True})


def _api_results():
    """Each command with --json, and the Result the API gives for the same input."""
    from coachkit.analyses.fidelity import fidelity_score
    from coachkit.analyses.pyramid import pyramid_result, read_survey
    from coachkit.analyses.saturation import saturation_result
    from coachkit.analyses.stars import SHARE_RULE
    from coachkit.analyses.tasks import read_task_table, tasks_result
    from coachkit.analyses.themes import read_corpus, star_result
    from coachkit.models.planning import plan_result, read_plan
    from coachkit.models.selection import SelectionParams, Strategy, simulate

    corpus = read_corpus(CORPUS)
    plan = read_plan(ck.load_dataset("coaching_plans"), client="A01")
    ratings = ck.data_dir() / "synthetic" / "ips_ratings_before.csv"
    return {
        "stars": (["themes", "stars", str(CORPUS)], lambda: star_result(corpus).records()),
        "stars_share": (["themes", "stars", str(CORPUS), "--basis", "share", "--include-excluded"],
                        lambda: star_result(corpus, rule=SHARE_RULE,
                                            include_excluded=True).records()),
        "saturation": (["themes", "saturation", str(CORPUS), "--orders", "20", "--seed", "3"],
                       lambda: saturation_result(corpus, n_orders=20, random_state=3).to_dict()),
        "agreement": (["themes", "agreement", str(CODING), "--boot", "50"],
                      lambda: ck.agreement(CODING, n_boot=50, random_state=0).to_dict()),
        "tasks": (["tasks", "summary"], lambda: tasks_result(
            read_task_table(ck.load_dataset("visit_topics"))).to_dict()),
        "pyramid": (["pyramid", "summary", str(SURVEY), "--threshold", "3.5"],
                    lambda: pyramid_result(read_survey(SURVEY), threshold=3.5).to_dict()),
        "plan": (["plan", "check", "--client", "A01"], lambda: plan_result(plan).to_dict()),
        "plan_no_job": (["plan", "check", "--client", "A01", "--job-start", "0"],
                        lambda: plan_result(plan, job_start_month=None).to_dict()),
        "fidelity": (["fidelity", "score", str(ratings)],
                     lambda: fidelity_score(ratings).to_dict()),
        "selection": (["selection", "compare", "--reps", "30", "--share", "0.4"],
                      lambda: simulate(SelectionParams.calibrated(), reps=30, seed=0, strategies=[
                          "tightened", Strategy("loosened", 0.4), "open"]).records()),
    }


#: the keys each command's --json prints (README "Command line"): a documented contract
JSON_KEYS = {
    "saturation": {"documents", "uncoded_documents", "total_codes", "base", "run", "threshold",
                   "saturated", "n_documents", "base_codes", "runs", "curve"},
    "agreement": {"coders", "n_segments", "n_coded", "overall", "by_code"},
    "tasks": {"topics", "rows_total", "printed_total", "mismatch", "employment_related_topics",
              "employment_related_visits", "share_of_topics", "share_of_visits",
              "share_of_visits_printed", "row_checks"},
    "pyramid": {"threshold", "n_clients", "n_complete", "levels", "by_levels_met",
                "odds_ratio_per_level", "odds_ratio_ci"},
    "plan": {"total_hours", "cap", "within_cap", "hours_left", "employment_hours",
             "employment_share", "two_thirds", "two_thirds_met", "phase_hours", "phase_shares",
             "activity_hours", "activity_shares", "job_start_month", "meeting_hours",
             "followup_meetings", "followup_meetings_after_year", "followup_hours_needed",
             "followup_hours_planned", "followup_covered", "followup_fits_cap", "visit_shares"},
    "fidelity": {"total", "band", "sections", "section_max", "weakest_items"},
}
JSON_KEYS["plan_no_job"] = JSON_KEYS["plan"]
RECORD_KEYS = {
    "stars": {"source", "category", "count", "stars"},
    "selection": {"strategy", "coach", "admitted", "disadvantaged_admitted_share",
                  "selection_rate_ratio", "completion_rate", "employment_rate",
                  "employment_rate_range95", "employed", "disadvantaged_employed",
                  "coach_hours_needed", "coach_hours_available", "four_fifths_ok",
                  "hours_per_employment"},
}
RECORD_KEYS["stars_share"] = RECORD_KEYS["stars"]


@pytest.mark.parametrize("name", sorted([*JSON_KEYS, *RECORD_KEYS]))
def test_json_is_the_results_to_dict(capsys, name):
    """--json prints the analysis's Result as the API gives it (to_dict, or the records of a
    table-shaped command), with the documented keys."""
    argv, api = _api_results()[name]
    code, out, _ = run(capsys, *argv, "--json")
    payload = json.loads(out)
    assert code == 0 and payload == api()
    if name in JSON_KEYS:
        assert set(payload) == JSON_KEYS[name]
    else:
        assert all(set(r) == RECORD_KEYS[name] for r in payload) and payload


def test_agreement_json_of_a_project_holds_its_units_and_characters(capsys, tmp_path):
    from coachkit.analyses.results import records
    from coachkit.formats.qdpx import project_bytes, stable_guid

    text = "Ensimmäinen kappale.\nToinen kappale.\nKolmas kappale."
    tree = [{"guid": stable_guid("own", c), "name": c} for c in ("x", "y")]
    sels = [(a, b, stable_guid("own", c), u, f"{u}{a}") for a, b, c, u in
            [(0, 20, "x", "A"), (0, 20, "y", "B"), (21, 36, "x", "B"), (21, 36, "x", "A")]]
    path = tmp_path / "p.qdpx"
    path.write_bytes(project_bytes(name="t", tree=tree, users=["A", "B"], excluded=[],
                                   sources=[{"name": "s", "text": text, "selections": sels}],
                                   origin="test"))
    code, out, _ = run(capsys, "themes", "agreement", str(path), "--codes", "own", "--json",
                       "--boot", "20")
    payload, result = json.loads(out), ck.agreement(path, codes="own", n_boot=20)
    assert code == 0 and payload == result.to_dict()
    # the paragraph units are a fact, the character-level comparison a further table
    assert result.facts["units"] == payload["units"] == "paragraphs"
    assert payload["characters"] == records(result.tables["characters"]) != []
    assert set(payload) == JSON_KEYS["agreement"] | {"units", "characters"}
