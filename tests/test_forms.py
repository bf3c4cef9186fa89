"""Answer forms: filled the way a student would (values set, button pressed), Finnish feedback."""

import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell

import coachkit as ck
from coachkit.teaching import forms, lomake, tallennus, vertailu
from coachkit.teaching.exercises import TASKS, hint_for, install_hints


def _status(form):
    return form.feedback.value


def test_every_task_has_a_form_that_starts_unanswered():
    for task in TASKS:
        form = lomake(task)
        form.check_button.click()
        assert "Ei vielä vastattu" in _status(form), task


def test_coding_form_dropdowns_show_finnish_names_and_check(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    form = lomake("1a")
    ref = ck.load_dataset("exercise_reference")
    names = dict(zip(ck.load_dataset("values")["code_id"], ck.load_dataset("values")["name_fi"], strict=True))
    first = form.inputs[ref["segment_id"][0]]
    assert names["luottamus"] in [label for label, _ in first.options]
    for seg, code in zip(ref["segment_id"], ref["reference_code"], strict=True):
        form.inputs[seg].value = code
    form.check_button.click()
    assert "Oikein" in _status(form)
    # a wrong coding gets "not yet" and a hint without the reference codes
    for seg in ref["segment_id"]:
        form.inputs[seg].value = "kuormitus"
    form.check_button.click()
    assert "Ei vielä" in _status(form)
    assert "asiantuntijuus" not in _status(form)


def test_two_students_save_and_compare_their_codings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ref = ck.load_dataset("exercise_reference")
    for student, flip in (("Anna", 0), ("Ville", 3)):
        form = lomake("1a")
        for k, (seg, code) in enumerate(zip(ref["segment_id"], ref["reference_code"], strict=True)):
            form.inputs[seg].value = "kuormitus" if k < flip else code
        form.inputs["coder"].value = student
        form.save_button.click()
        assert "Tallennettu" in form.saved.value
    saved = pd.read_csv(tmp_path / "koodaus_Anna.csv")
    assert list(saved.columns) == ["segment_id", "coder", "code"] and len(saved) == len(ref)
    box = vertailu(tmp_path)
    box.refresh()
    box.first.value, box.second.value = "koodaus_Anna.csv", "koodaus_Ville.csv"
    box.compare_button.click()
    assert "Cohenin κ" in box.result.value and "Krippendorffin α" in box.result.value
    assert "Eri mieltä 3 katkelmasta" in box.result.value
    assert "Työmäärä ja kiire" in box.result.value  # codes shown by their Finnish names


def test_save_needs_a_name_and_a_full_coding(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    form = lomake("1a")
    form.save_button.click()
    assert "nimesi" in form.saved.value
    form.inputs["coder"].value = "Anna"
    form.save_button.click()
    assert "koodaa ensin kaikki katkelmat" in form.saved.value
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("task,fill,expect", [
    ("6b", lambda f: setattr(f.inputs["luku"], "value", "puolet"), "väärää tyyppiä"),
    ("5a", lambda f: setattr(f.inputs["share"], "value", 0.5), "Työllistymisaste"),
    ("2a", lambda f: [setattr(b, "value", 4) for b in f.inputs.values()], "Ei vielä"),
    ("6c", lambda f: setattr(f.inputs["luku"], "value", "152"), "Oikein"),
    ("4a", lambda f: setattr(f.inputs["luku"], "value", "37"), "desimaalilukuna"),
    ("4b", lambda f: setattr(f.inputs["palvelu"], "value", "Aalto"), "❌"),
])
def test_number_choice_and_grid_forms(task, fill, expect):
    form = lomake(task)
    fill(form)
    form.check_button.click()
    assert expect in _status(form)


def test_stars_grid_correct_answer():
    table = ck.star_table(ck.read_corpus(ck.load_dataset("exercise_new_source")))
    form = lomake("2a")
    for goal, stars in zip(table["category"], table["stars"], strict=True):
        form.inputs[goal].value = int(stars)
    form.check_button.click()
    assert "Oikein" in _status(form)


def test_topic_checkboxes():
    t = ck.load_dataset("visit_topics")
    form = lomake("6a")
    for topic in t.loc[t["employment_related"].astype(str).str.lower() == "true", "topic"]:
        form.inputs[topic].value = True
    form.check_button.click()
    assert "Oikein" in _status(form)


def test_reflections_and_answers_saved_for_the_trainer(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    forms.ANSWERS.clear()
    forms.REFLECTIONS.clear()
    form = lomake("6c")
    form.inputs["luku"].value = "152"
    form.check()
    forms.reflection_area("Mitä luvut kertovat?").value = "Ne eivät kerro työpaikoilla tehdystä työstä."
    box = tallennus("06_viikko")
    box.name.value = "Anna K"
    box.button.click()
    text = (tmp_path / "vastaukset_06_viikko_Anna_K.md").read_text(encoding="utf-8")
    assert "Tehtävä 6c" in text and "152" in text and "Oikein" in text
    assert "työpaikoilla tehdystä työstä" in text


def test_finnish_hint_under_a_novice_name_error(capsys):
    shell = InteractiveShell.instance()
    install_hints(shell)
    shell.run_cell("vastaus_2a = {arjenhallinta: 2}")
    out = capsys.readouterr().out
    assert "Vihje" in out and "lainausmerkkeihin: 'arjenhallinta'" in out
    shell.run_cell("vastaus_2a = {'arjenhallinta': 2")
    assert "sulut ja lainausmerkit" in capsys.readouterr().out
    assert hint_for(ZeroDivisionError()) is None
