import json
from pathlib import Path

import nbformat
import pytest

from coachkit.display.notebooks import execute_notebook
from coachkit.teaching import tasks
from coachkit.teaching.exercises import Feedback, build_exercises, student_version, tarkista

ROOT = Path(__file__).resolve().parents[1]
MASTERS = sorted((ROOT / "exercises" / "source").glob("*.ipynb"))
STUDENTS = sorted((ROOT / "exercises").glob("*.ipynb"))


def _feedback_lines(nb):
    lines = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                raise AssertionError(f"{out['ename']}: {out['evalue']}")
            text = out.get("data", {}).get("text/plain", "")
            if text.startswith("[") and "]" in text:
                lines.append(text)
    return lines


def _check_calls(nb):
    return sum(c.source.count("tarkista(") for c in nb.cells if c.cell_type == "code")


def test_at_least_six_exercises_with_goals_and_units():
    assert len(MASTERS) >= 6
    assert [p.name for p in MASTERS] == [p.name for p in STUDENTS]
    for path in MASTERS:
        first = nbformat.read(path, as_version=4).cells[0].source
        assert "Tutkinnon osat" in first and "Tavoitteet" in first, path.name


@pytest.mark.parametrize("path", MASTERS, ids=lambda p: p.name)
def test_master_passes_all_its_checks(path, monkeypatch):
    monkeypatch.setenv("COACHKIT_STRICT_LABELS", "1")  # every table shown has Finnish headers
    nb = execute_notebook(path)
    lines = _feedback_lines(nb)
    assert len(lines) == _check_calls(nb) > 0
    assert all("Oikein" in line for line in lines), lines
    for cell in nb.cells:  # every figure is shown with a Finnish alt text
        for out in cell.get("outputs", []):
            if "image/png" in out.get("data", {}):
                assert 'alt="Kuvio' in out["data"].get("text/html", ""), path.name


@pytest.mark.parametrize("path", STUDENTS, ids=lambda p: p.name)
def test_student_version_runs_and_is_unanswered(path):
    nb = execute_notebook(path)
    lines = _feedback_lines(nb)
    assert len(lines) == _check_calls(nb) > 0
    assert all("Ei vielä vastattu" in line for line in lines), lines
    assert not any("solution" in c.metadata.get("tags", []) for c in nb.cells)


def test_committed_student_versions_equal_a_fresh_build(tmp_path):
    written = build_exercises(out=tmp_path)
    for path in written:
        committed = ROOT / "exercises" / path.name
        assert json.loads(path.read_text()) == json.loads(committed.read_text()), path.name


def test_student_version_replaces_solutions():
    nb = nbformat.v4.new_notebook()
    sol = nbformat.v4.new_code_cell("x = 1\ny, z = 2, 3\nprint(x)")
    sol.metadata["tags"] = ["solution"]
    md = nbformat.v4.new_markdown_cell("Malli: vastaus")
    md.metadata["tags"] = ["solution"]
    keep = nbformat.v4.new_code_cell("tarkista('6c', x)")
    nb.cells = [sol, md, keep]
    out = student_version(nb)
    assert out.cells[0].source.splitlines()[1:] == ["x = None", "y = None", "z = None"]
    assert "Malli" not in out.cells[1].source
    assert out.cells[2].source == keep.source
    assert out.cells[0].metadata["tags"] == ["answer"]


def test_solution_cell_without_assignment_is_refused():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print(1)")
    cell.metadata["tags"] = ["solution"]
    nb.cells = [cell]
    with pytest.raises(ValueError, match="assigns no name"):
        student_version(nb)


def test_feedback_statuses():
    assert tarkista("6c", None).status == "unanswered"
    assert tarkista("6c", "sata").status == "wrong_type"
    assert tarkista("6c", "152").status == "correct"  # typed text that reads as a number
    assert tarkista("6c", 152).status == "correct"
    wrong = tarkista("6c", 100)
    assert wrong.status == "not_yet" and "152" not in wrong.message
    assert "prosentteina" in tarkista("6b", 15.1).message
    assert tarkista("4b", 3).status == "wrong_type"
    assert isinstance(tarkista("2a", {"arjenhallinta": 0}), Feedback)
    with pytest.raises(ValueError, match="unknown task"):
        tarkista("9z", 1)


def test_numeric_tolerance():
    import numpy as np

    share = tasks.visit_summary()["share_of_visits"]
    assert tarkista("6b", share + 0.001).status == "correct"
    assert tarkista("6b", np.float64(share)).status == "correct"
    assert tarkista("6b", share + 0.01).status == "not_yet"


def test_design_task_feedback():
    assert tarkista("5a", {"share": 0.0, "coach_fte": 1.0}).status == "not_yet"
    assert "enintään" in tarkista("5a", {"share": 0.5, "coach_fte": 3}).message
    assert tarkista("5a", [0.5, 1]).status == "wrong_type"


def test_coding_task_feedback():
    from coachkit import load_dataset
    ref = load_dataset("exercise_reference")["reference_code"].tolist()
    assert tarkista("1a", ref).status == "correct"
    assert tarkista("1a", ref[:3]).status == "not_yet"
    assert "koodikirjassa" in tarkista("1a", ["zzz"] * len(ref)).message
    assert tarkista("1a", ["tasa_arvo"] * len(ref)).status == "not_yet"
    # one wrong code is never "Oikein" (κ may still be high): the excerpt is named, not the code
    one_off = [*ref[:-1], "tasa_arvo" if ref[-1] != "tasa_arvo" else "luottamus"]
    fb = tarkista("1a", one_off)
    assert fb.status == "not_yet" and "Oikein" not in str(fb)
    assert ref[-1] not in fb.message


def test_shares_read_as_percent_or_decimal():
    share = tasks.visit_summary()["share_of_visits"]
    percent = f"{100 * share:.1f} %".replace(".", ",")
    assert tarkista("6b", percent).status == "correct"
    assert tarkista("6b", f"{share:.3f}".replace(".", ",")).status == "correct"
    assert tarkista("6b", f"{100 * share:.1f}%").status == "correct"
    assert tarkista("6b", "90 %").status == "not_yet"


#: what a programmer writes and a trainer or student must never read in a task text
CODE_WORDS = ("()", "=", "ck.", "`", "--", "_")


def _markdown_texts():
    for path in MASTERS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":  # HTML tags (<details lang="en">) are not text
                yield path.name, __import__("re").sub(r"<[^>]+>", "", cell.source)
    for task in tasks.TASKS.values():
        yield task.id, " ".join([task.title, task.question, task.hint])


def test_no_code_words_in_task_texts():
    for where, text in _markdown_texts():
        for word in CODE_WORDS:
            assert word not in text, (where, word, text)


def test_no_page_opens_with_english():
    for path in MASTERS:
        first = nbformat.read(path, as_version=4).cells[0].source
        body = first.split("<details", 1)[0]
        assert "English" not in body and "In English" in first, path.name


def test_every_task_is_shown_from_its_record_in_a_master():
    shown = {}
    for path in MASTERS:
        for cell in nbformat.read(path, as_version=4).cells:
            for tid in __import__("re").findall(r'tehtava\("(\w+)"\)', cell.source):
                shown[tid] = path.stem
    assert shown == {t.id: t.exercise for t in tasks.TASKS.values()}


def test_cli_build(tmp_path, capsys):
    from coachkit.cli import main

    assert main(["exercises", "build", "--out", str(tmp_path)]) == 0
    assert len(list(tmp_path.glob("*.ipynb"))) == len(MASTERS)
    assert main(["exercises", "build", "--src", str(tmp_path / "none"), "--out", str(tmp_path)]) == 2
    assert "no exercise masters" in capsys.readouterr().err


def test_units_line_is_one_wording_from_one_place():
    """Every exercise (master and student copy) names its qualification units with the caveat
    and the names of :data:`UNITS`, written once."""
    import re

    from coachkit.teaching.exercises import UNITS, UNITS_LEAD, unit_ids, units_line

    for path in [*MASTERS, *STUDENTS]:
        first = nbformat.read(path, as_version=4).cells[0].source
        ids = unit_ids(first)
        assert ids, path.name
        line = next(ln for ln in first.splitlines() if ln.startswith("**Tutkinnon osat"))
        assert line == units_line(ids), path.name
        assert UNITS_LEAD in first and "tarkista voimassa olevat" in first, path.name
    with pytest.raises(ValueError, match="unit"):
        units_line(["A4"])
    # the course guide, where it writes a unit's name, writes the same one
    guide = (ROOT / "docs" / "kurssiopas.md").read_text(encoding="utf-8")
    bullets = re.findall(r"\*\*Tutkinnon osat:\*\*(.*?)(?=\n- |\n\n)", guide, re.S)
    assert bullets
    named = 0
    for bullet in (" ".join(b.split()) for b in bullets):
        for m in re.finditer(r"\b(A[1-3]|B) (?=[A-ZÄÖ])", bullet):
            assert bullet[m.start():].startswith(f"{m.group(1)} {UNITS[m.group(1)]}"), bullet
            named += 1
    assert named


@pytest.mark.parametrize("path", MASTERS, ids=lambda p: p.name)
def test_tasks_are_shown_in_order(path):
    import re

    shown = [tid for cell in nbformat.read(path, as_version=4).cells
             for tid in re.findall(r'tehtava\("(\w+)"\)', cell.source)]
    assert shown == sorted(shown) and shown == [t for t in tasks.TASKS if t in shown]


def test_save_help_says_a_reload_brings_answers_back_by_itself():
    """The tallennus form restores a reload of the same visit without a click (its
    Palauta vastaukset button shows only for answers saved in another browser): the
    exercises' help must not send a reloading student to look for a hidden button."""
    from coachkit.teaching.classroom import KEPT

    assert "itsestään" in KEPT
    for path in MASTERS + STUDENTS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown" and "lataat sivun uudelleen" in cell.source:
                reload_part = cell.source.split("lataat sivun uudelleen", 1)[1].split(".")[0]
                assert "itsestään" in reload_part, (path.name, cell.source)


_SETUP_THEN_A_TYPO = r"""
import json, sys
import nbformat
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
import coachkit.teaching  # importing the package must leave IPython's handlers alone
untouched = shell.custom_exceptions == () and not getattr(shell, "_coachkit_hints", False)
nb = nbformat.read(sys.argv[1], as_version=4)
setup = next(c.source for c in nb.cells if c.cell_type == "code")
shell.run_cell(setup)
shell.run_cell("arjenhallinta")
print(json.dumps({"untouched": untouched}))
"""


def test_the_setup_cell_installs_the_finnish_hints_and_the_import_does_not(tmp_path):
    """Importing coachkit.teaching changes nothing in IPython; each exercise's setup cell (master
    and copy, the page the classroom serves) calls install_hints(), so a typo gets its hint."""
    import os
    import subprocess
    import sys

    for path in MASTERS + STUDENTS:
        nb = nbformat.read(path, as_version=4)
        setup = next(c.source for c in nb.cells if c.cell_type == "code")
        assert "install_hints()" in setup, path.name
    env = dict(os.environ, MPLBACKEND="Agg")
    run = subprocess.run([sys.executable, "-c", _SETUP_THEN_A_TYPO, str(STUDENTS[0])],
                         capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert '{"untouched": true}' in run.stdout, run.stderr[-2000:]
    assert "NameError" in run.stdout + run.stderr
    assert "Vihje" in run.stdout and "'arjenhallinta'" in run.stdout
