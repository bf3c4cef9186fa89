"""The trainer's class report: pooled coding checked against the krippendorff package and by
brute force over pairs of students; answers per task; bad files skipped; CLI; workbook."""

import json
import os
import tempfile
from itertools import combinations
from pathlib import Path

import krippendorff
import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import coachkit as ck
from coachkit.cli import main
from coachkit.teaching import forms, lomake, tallennus
from coachkit.teaching.classreport import (
    class_report,
    report_html,
    report_page,
    report_text,
    write_workbook,
)
from coachkit.teaching.saved import student_csv
from coachkit.teaching.student import set_student, set_visit

CODES = ["tasa_arvo", "asiantuntijuus", "dialogisuus", "prosessi"]


def _write_class(folder: Path, matrix: list) -> None:
    """One ``koodaus_<student>.csv`` per row of ``matrix`` (a code per excerpt, None = not coded)."""
    for i, row in enumerate(matrix):
        rows = [(f"H1-{j + 1:02d}", f"Opiskelija {i}", c) for j, c in enumerate(row) if c]
        df = pd.DataFrame(rows, columns=["segment_id", "coder", "code"])
        (folder / f"koodaus_s{i}.csv").write_bytes(student_csv(df))


def _package_alpha(matrix):
    index = {c: k for k, c in enumerate(CODES)}
    data = np.array([[np.nan if c is None else index[c] for c in row] for row in matrix], float)
    return krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")


classes = st.integers(2, 9).flatmap(lambda n: st.integers(2, 8).flatmap(
    lambda m: st.lists(st.lists(st.sampled_from([*CODES, None]), min_size=m, max_size=m),
                       min_size=n, max_size=n)))


@settings(max_examples=60, deadline=None)
@given(classes)
def test_alpha_is_krippendorffs_with_every_student_a_coder(matrix):
    matrix = [row for row in matrix if any(row)]  # a student with no code saved no file
    columns = list(zip(*matrix, strict=True)) if matrix else []
    pairable = [[c for c in col if c] for col in columns]
    assume(len(matrix) >= 2 and any(len(p) >= 2 for p in pairable))
    assume(len({c for p in pairable if len(p) >= 2 for c in p}) >= 2)  # α needs two values
    with tempfile.TemporaryDirectory() as tmp:
        _write_class(Path(tmp), matrix)
        coding = class_report(tmp, n_boot=20).to_dict()["coding"]
    assert coding["students"] == len(matrix)
    assert coding["alpha"] == pytest.approx(_package_alpha(matrix), abs=1e-9)
    lo, hi = coding["alpha_ci"]
    assert lo is None or lo <= hi


def _brute_force_agreement(codes_by_student: dict) -> float | None:
    pairs = list(combinations(codes_by_student.values(), 2))
    return None if not pairs else sum(a == b for a, b in pairs) / len(pairs)


def test_every_excerpt_listed_least_agreement_first_as_pairs_of_students(tmp_path):
    rng = np.random.default_rng(7)
    matrix = [[CODES[k] if rng.random() > 0.1 else None for k in rng.integers(0, 4, 10)]
              for _ in range(12)]
    _write_class(tmp_path, matrix)
    disputed = class_report(tmp_path, n_boot=20).to_dict()["coding"]["disputed"]
    assert sorted(d["segment_id"] for d in disputed) == sorted(
        f"H1-{j + 1:02d}" for j in range(10) if any(row[j] for row in matrix))
    for d in disputed:
        j = int(d["segment_id"][-2:]) - 1
        chosen = {i: row[j] for i, row in enumerate(matrix) if row[j]}
        assert d["agreement"] == pytest.approx(_brute_force_agreement(chosen))
        assert d["codes"] == {c: n for c, n in pd.Series(list(chosen.values())).value_counts()
                              .items()}
    shares = [d["agreement"] for d in disputed]
    assert shares == sorted(shares)


def test_confused_pairs_counted_over_pairs_of_students(tmp_path):
    # excerpt 1: 2 × tasa_arvo, 1 × dialogisuus → 2 pairs; excerpt 2: 1 × each → 1 pair
    _write_class(tmp_path, [["tasa_arvo", "tasa_arvo"], ["tasa_arvo", "dialogisuus"],
                            ["dialogisuus", "prosessi"]])
    confused = class_report(tmp_path, n_boot=20).to_dict()["coding"]["confused"]
    found = {tuple(c["codes"]): c["pairs"] for c in confused}
    assert found[("dialogisuus", "tasa_arvo")] == 2 + 1
    assert found[("prosessi", "tasa_arvo")] == 1
    assert found[("dialogisuus", "prosessi")] == 1


def test_a_broken_file_is_one_note_and_the_class_is_still_reported(tmp_path):
    _write_class(tmp_path, [CODES[:3], CODES[:3], [CODES[0], CODES[1], CODES[3]]])
    (tmp_path / "koodaus_rikki.csv").write_text("segment_id;coder\nH1-01;X\n", encoding="utf-8")
    (tmp_path / "koodaus_kahdesti.csv").write_text(
        "segment_id;coder;code\nH1-01;Y;prosessi\nH1-01;Y;tasa_arvo\n", encoding="utf-8")
    report = class_report(tmp_path, n_boot=20)
    assert report.coding["students"] == 3
    assert len(report.notes) == 2
    note = next(n for n in report.notes if "kahdesti" in n)
    assert "row 3" in note and "segment_id" in note
    assert any("rikki" in n and "code" in n for n in report.notes)


def test_several_copies_of_one_students_file_the_latest_counts(tmp_path):
    (tmp_path / "vanha").mkdir()
    _write_class(tmp_path / "vanha", [["prosessi", "prosessi"]])
    old = tmp_path / "vanha" / "koodaus_s0.csv"
    os.utime(old, (1_000_000, 1_000_000))
    _write_class(tmp_path, [["tasa_arvo", "tasa_arvo"], ["tasa_arvo", "dialogisuus"]])
    report = class_report(tmp_path, n_boot=20)
    assert report.coding["students"] == 2
    assert set(report.codings.loc[report.codings["coder"] == "s0", "code"]) == {"tasa_arvo"}


def test_reference_beside_each_excerpt_of_exercise_1(tmp_path):
    ref = ck.load_dataset("exercise_reference")
    codes = dict(zip(ref["segment_id"], ref["reference_code"], strict=True))
    forms.save_coding(codes, "Anna", tmp_path)
    forms.save_coding({**codes, "H1-01": "dialogisuus"}, "Ville", tmp_path)
    disputed = class_report(tmp_path, n_boot=20).to_dict()["coding"]["disputed"]
    assert disputed[0]["segment_id"] == "H1-01" and disputed[0]["agreement"] == 0
    assert all(d["reference"] == codes[d["segment_id"]] for d in disputed)
    assert disputed[0]["reference_share"] == 0.5


def _answer(task, text, folder, student):
    forms.reset_page()
    form = lomake(task)
    form.inputs["luku"].value = text
    set_student(student)
    box = tallennus(tasks_exercise(task), folder)
    form.check()
    return box


def tasks_exercise(task):
    from coachkit.teaching.tasks import TASKS

    return TASKS[task].exercise


def test_tasks_answered_right_not_yet_and_wrong_answers_as_written(tmp_path):
    from coachkit.teaching.tasks import visit_summary

    s = visit_summary()
    right = str(s["rows_total"] - s["printed_total"])
    _answer("6c", right, tmp_path, "Anna")
    _answer("6c", "728", tmp_path, "Ville")
    _answer("6c", "728", tmp_path, "Kalle")
    _answer("6c", "sata", tmp_path, "Liisa")
    report = class_report(tmp_path, n_boot=20)
    t = report.to_dict()["tasks"]
    assert t["6c"]["answered"] == 4 and t["6c"]["right"] == 1
    assert t["6c"]["not_yet"] == 2 and t["6c"]["wrong_type"] == 1
    assert t["6c"]["wrong_answers"][0] == ["728", 2]
    assert t["6a"]["answered"] == 0 and t["6a"]["not_tried"] == 4
    assert report.to_dict()["exercises"]["06_viikko"]["saved"] == 4
    table = report.exercise_table("06_viikko")
    assert len(table) == 4 and "6c vastaus" in table.columns


def test_wrong_answers_say_how_many_students_in_finnish(tmp_path):
    """'728 ×2' read as a formula; the page and the text say '728 (2 opiskelijaa)'."""
    _answer("6c", "728", tmp_path, "Ville")
    _answer("6c", "728", tmp_path, "Kalle")
    _answer("6c", "sata", tmp_path, "Liisa")
    report = class_report(tmp_path, n_boot=20)
    text, page = report_text(report), report_html(report)
    assert "      728 (2 opiskelijaa)" in text.splitlines(), text
    assert "      sata (1 opiskelija)" in text.splitlines(), text
    assert "728 <b>(2 opiskelijaa)</b>" in page and "sata <b>(1 opiskelija)</b>" in page
    assert "×" not in text and "×" not in page


def test_text_report_has_no_colon_after_a_question_nor_brackets_in_brackets(tmp_path):
    forms.reset_page()
    set_student("Ville")
    forms.save_answers("03_saturaatio", "Ville", tmp_path)
    df = pd.DataFrame({"segment_id": ["H1-01", "H1-02"], "coder": "Anna",
                       "code": ["luottamus", "prosessi"]})
    (tmp_path / "koodaus_a.csv").write_bytes(student_csv(df))
    (tmp_path / "koodaus_b.csv").write_bytes(student_csv(df.assign(coder="Ville",
                                                                  code=["luottamus", "tasa_arvo"])))
    report = class_report(tmp_path, n_boot=20)
    text = report_text(report)
    # one pair of students confuses two codes: the singular, on the page too
    assert "Tasa-arvo ja tasapuolisuus: 1 opiskelijapari" in text and "1 opiskelijaparia" not in text
    assert "1 opiskelijaparia" not in report_html(report)
    assert "?:" not in text and "))" not in text, text
    lines = text.splitlines()
    title = next(ln for ln in lines if ln.startswith("Harjoitus 3"))
    assert lines[lines.index(title) + 1].startswith("  Tallentaneet (1): Ville"), lines


def test_html_escapes_every_value_and_uses_code_names(tmp_path):
    df = pd.DataFrame({"segment_id": ["<b>x</b>", "H1-01"], "coder": "<script>alert(1)</script>",
                       "code": ["<img src=x onerror=alert(1)>", "luottamus"]})
    (tmp_path / "koodaus_a.csv").write_bytes(student_csv(df))
    df2 = df.assign(coder="Ville", code=["dialogisuus", "luottamus"])
    (tmp_path / "koodaus_b.csv").write_bytes(student_csv(df2))
    page = report_html(class_report(tmp_path, n_boot=20))
    assert "<img src=x" not in page and "<b>x</b>" not in page and "<script>alert" not in page
    assert "&lt;img src=x" in page and "Luottamus" in page and "luottamus<" not in page
    assert "%" in page and "α" in page
    assert report_page(class_report(tmp_path, n_boot=20)).startswith("<!DOCTYPE html>")


def test_workbook_has_the_pooled_coding_and_a_sheet_per_exercise(tmp_path):
    _write_class(tmp_path, [["tasa_arvo", "prosessi"], ["tasa_arvo", "dialogisuus"]])
    _answer("6c", "=1+1", tmp_path, "Anna")
    out = write_workbook(class_report(tmp_path, n_boot=20), tmp_path / "luokka.xlsx")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Koodaukset", "α", "Harjoitus 6"]
    coding = book["Koodaukset"]
    assert [c.value for c in coding[1]][:4] == ["Katkelma", "Teksti",
                                                "Samaa mieltä (opiskelijapareista)",
                                                "Referenssikoodi"]
    # the agreement is a number Excel can sort, shown as a percentage
    shares = [coding.cell(r, 3) for r in (2, 3)]
    assert sorted(c.value for c in shares) == [0, 1] and all(c.number_format == "0 %"
                                                          for c in shares)
    sheet = book["Harjoitus 6"]
    header = [c.value for c in sheet[1]]
    assert header[0] == "Opiskelija"
    cell = sheet.cell(2, header.index("6c vastaus") + 1)
    assert cell.value == "=1+1" and cell.data_type == "s"  # text, never a live formula
    with pytest.raises(ValueError, match="exists"):
        write_workbook(class_report(tmp_path, n_boot=20), out)


def test_cli_json_keys_xlsx_and_bad_folder(tmp_path, capsys):
    _write_class(tmp_path, [["tasa_arvo", "prosessi", "dialogisuus"],
                            ["tasa_arvo", "dialogisuus", "dialogisuus"],
                            ["prosessi", "dialogisuus", "dialogisuus"]])
    xlsx = tmp_path / "raportti.xlsx"
    assert main(["class", "report", str(tmp_path), "--json", "--boot", "50",
                 "--xlsx", str(xlsx)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"students", "excerpts", "alpha", "alpha_ci", "disputed"} <= set(data["coding"])
    assert data["coding"]["students"] == 3 and len(data["coding"]["alpha_ci"]) == 2
    assert {"segment_id", "codes", "agreement"} <= set(data["coding"]["disputed"][0])
    assert {"answered", "right"} <= set(data["tasks"]["1a"])
    assert openpyxl.load_workbook(xlsx)["Koodaukset"].max_row == 4
    # an existing workbook is not replaced without --force
    before = xlsx.read_bytes()
    assert main(["class", "report", str(tmp_path), "--xlsx", str(xlsx)]) == 2
    assert "--force" in capsys.readouterr().err and xlsx.read_bytes() == before
    assert main(["class", "report", str(tmp_path), "--xlsx", str(xlsx), "--force"]) == 0
    # text in Finnish by default
    assert "Krippendorffin α = " in capsys.readouterr().out
    assert main(["class", "report", str(tmp_path / "ei-ole")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "ei-ole" in err


def test_students_weeks_pooled_in_the_workbook(tmp_path):
    from coachkit.teaching.student import save_table

    week = pd.DataFrame({"topic": ["Työnantajakäynti", "Kotikäynti"], "visits": [4, 2],
                         "employment_related": [True, False]})
    save_table(week, "viikko", "Anna", tmp_path)
    (tmp_path / "viikko_rikki.csv").write_text("Aihe;Käyntejä\nx;1\n", encoding="utf-8")
    report = class_report(tmp_path, n_boot=20)
    assert any("viikko_rikki.csv" in n for n in report.notes)
    book = openpyxl.load_workbook(write_workbook(report, tmp_path / "luokka.xlsx"))
    rows = list(book["Harjoitus 6, viikot"].values)
    assert rows[0] == ("Opiskelija", "Aihe", "Käyntejä", "Työllistymiseen liittyvä")
    assert rows[1] == ("Anna", "Työnantajakäynti", 4, "kyllä")  # a number Excel can sum


def test_a_classroom_students_week_is_shown_under_their_name_not_their_files_id(tmp_path):
    """In the classroom a week is saved as viikko_<name>_<visit>.csv and has no name column:
    the workbook shows the name (the one the same visit's answers show), not the file's key."""
    from coachkit.teaching.student import save_table

    forms.reset_page()
    set_visit("93378e")
    set_student("Oskari")
    week = pd.DataFrame({"topic": ["Työnhaku"], "visits": [3], "employment_related": [True]})
    save_table(week, "viikko", "Oskari", tmp_path)
    forms.save_answers("06_viikko", "Oskari", tmp_path)
    forms.reset_page()
    save_table(week, "viikko", "Anna_K_49ef2b_3f9a2c", tmp_path)  # a week alone, a changed name
    assert (tmp_path / "viikko_Oskari_93378e.csv").is_file()
    report = class_report(tmp_path, n_boot=20)
    assert list(report.weeks["Opiskelija"]) == ["Oskari", "Anna K"]
    assert report.exercises()["06_viikko"]["students"] == ["Oskari"]


def test_english_report_names_codes_in_english(tmp_path, capsys):
    _write_class(tmp_path, [["tasa_arvo", "prosessi"], ["tasa_arvo", "dialogisuus"]])
    assert main(["class", "report", str(tmp_path), "--lang", "en", "--boot", "20"]) == 0
    out = capsys.readouterr().out
    assert "Krippendorff's α" in out and "Equality and fairness" in out
    assert "Tasa-arvo" not in out
    page = report_html(class_report(tmp_path, n_boot=20, lang="en"))
    assert "Equality and fairness" in page and 'lang="en"' in page


def test_a_damaged_answer_file_is_one_note_naming_row_and_column(tmp_path):
    _answer("6c", "152", tmp_path, "Anna")
    good = next(tmp_path.glob("vastaukset_*.csv"))
    bad = good.read_text(encoding="utf-8-sig").replace(";Oikein;", ";ehkä;")
    (tmp_path / "vastaukset_06_viikko_Ville.csv").write_text(bad, encoding="utf-8-sig")
    (tmp_path / "vastaukset_06_viikko_Kalle.csv").write_text("Opiskelija;Tehtävä\nKalle;6c\n",
                                                              encoding="utf-8")
    report = class_report(tmp_path, n_boot=20)
    assert report.to_dict()["tasks"]["6c"]["right"] == 1  # Anna's file still counts
    assert len(report.notes) == 2
    ville = next(n for n in report.notes if "Ville" in n)
    assert ville.startswith("vastaukset_06_viikko_Ville.csv, row 4, column 'Tulos'")
    assert any("Kalle" in n and "missing column" in n for n in report.notes)


def test_a_student_is_one_name_across_coding_and_answers_and_namesakes_show_no_ids(tmp_path):
    """Anna coded Harjoitus 1 and saved its answers in one visit and exercise 3 in another
    (two visits, two students of the same name): exercise 1 lists her once, and the two
    Annas are told apart by a number, not by the files' ids."""
    ref = ck.load_dataset("exercise_reference")
    codes = dict(zip(ref["segment_id"], ref["reference_code"], strict=True))
    forms.reset_page()
    set_visit("81b0de")
    set_student("Anna")
    forms.save_coding(codes, "Anna", tmp_path)
    forms.save_answers("01_koodaus", "Anna", tmp_path)
    forms.reset_page()
    set_visit("f00d42")
    set_student("Anna")
    forms.save_answers("03_saturaatio", "Anna", tmp_path)
    report = class_report(tmp_path, n_boot=20)
    assert report.exercises()["01_koodaus"]["students"] == ["Anna (1)"]
    assert report.exercises()["03_saturaatio"]["students"] == ["Anna (2)"]
    assert report.tasks()["1b"]["not_tried"] == 1
    page = report_html(report)
    assert "81b0de" not in page and "f00d42" not in page


def test_answers_saved_but_not_checked_have_a_column_so_the_counts_add_up(tmp_path):
    """A coding saved with Harjoitus 1's answers is 1a 'ei tarkistettu': the trainer's table
    and the text report count it in its own column, so answered = right + Ei vielä +
    Ei tarkistettu."""
    import re

    from coachkit.teaching.classreport import report_text

    ref = ck.load_dataset("exercise_reference")
    codes = dict(zip(ref["segment_id"], ref["reference_code"], strict=True))
    forms.reset_page()
    form = lomake("1a")
    for segment, code in codes.items():
        form.inputs[segment].value = code
    set_student("Anna")
    tallennus("01_koodaus", tmp_path)
    form.save_button.click()  # Tallenna koodaus, no Tarkista
    report = class_report(tmp_path, n_boot=20)
    s = report.tasks()["1a"]
    assert (s["answered"], s["right"], s["not_yet"], s["unchecked"]) == (1, 0, 0, 1)
    page = report_html(report)
    assert "<th>Ei tarkistettu</th>" in page
    row = re.search(r'<tr data-task="1a">(.*?)</tr>', page).group(1)
    cells = re.findall(r"<td>(\d+)</td>", row)
    assert cells[:4] == ["1", "0", "0", "1"], row  # answered, right, Ei vielä, Ei tarkistettu
    assert "ei tarkistettu 1" in report_text(report)


def test_text_report_shows_each_exercises_reflections_under_that_exercise(tmp_path):
    """The reflections were listed after every exercise, in the order the files were saved
    (exercise 3's before exercise 1's); each exercise's reflections belong under it."""
    from coachkit.teaching.classreport import report_text

    for exercise, student in (("03_saturaatio", "Ville"), ("01_koodaus", "Anna")):
        forms.reset_page()
        set_student(student)
        forms.reflection_area("Mitä opit?").value = f"{student} oppi paljon"
        forms.save_answers(exercise, student, tmp_path)
    lines = report_text(class_report(tmp_path, n_boot=20)).splitlines()
    where = {ln.split(":")[0]: i for i, ln in enumerate(lines) if ln.startswith("Harjoitus")}
    anna = lines.index("    Anna: Anna oppi paljon")
    ville = lines.index("    Ville: Ville oppi paljon")
    assert where["Harjoitus 1"] < anna < where["Harjoitus 3"] < ville, lines


@pytest.mark.parametrize("level, fi, en", [(0.95, "95\xa0%:n väli", "95% interval"),
                                           (0.9, "90\xa0%:n väli", "90% interval")])
def test_alpha_interval_is_labelled_with_the_level_it_was_computed_at(tmp_path, monkeypatch,
                                                                       level, fi, en):
    from coachkit.teaching import classreport

    monkeypatch.setattr(classreport, "CONFIDENCE", level, raising=False)
    _write_class(tmp_path, [["tasa_arvo", "prosessi", "dialogisuus", "prosessi"],
                            ["tasa_arvo", "dialogisuus", "dialogisuus", "prosessi"],
                            ["asiantuntijuus", "prosessi", "dialogisuus", "prosessi"]])
    report = class_report(tmp_path, n_boot=50)
    assert report.coding["alpha_ci"][0] is not None
    assert fi in report_text(report) and en in report_text(report, "en")
    summary = classreport.workbook_tables(report, "en")["α"]
    assert en.replace("interval", "CI, low") in summary.columns
