"""Answer forms: filled the way a student would (values set, button pressed), Finnish feedback."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from IPython.core.interactiveshell import InteractiveShell

import coachkit as ck
from coachkit import i18n
from coachkit.teaching import forms, lomake, study_tasks, tallennus, tasks, tehtava, vertailu, year_tasks
from coachkit.teaching.exercises import TASKS, hint_for, install_hints
from coachkit.teaching.student import student_name
from coachkit.teaching.tools import TOOLS, agreement_verdict


def _status(form):
    return form.feedback.value


def test_every_task_has_a_form_that_starts_unanswered():
    for task in TASKS:
        form = lomake(task)
        form.check_button.click()
        assert "Ei vielä vastattu" in _status(form), task
        assert tasks.missing_text(tasks.TASKS[task].form.kind) in _status(form), task


def test_a_bare_one_in_a_share_box_is_asked_about_not_read_as_100_percent():
    form = lomake("6b")
    form.inputs["luku"].value = "1"
    form.check_button.click()
    assert "Tarkoititko 1 % vai 100 %" in _status(form) and "Oikein" not in _status(form)
    form.inputs["luku"].value = "100 %"
    form.check_button.click()
    assert "Tarkoititko" not in _status(form) and "Ei vielä" in _status(form)


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
    raw = (tmp_path / "koodaus_Anna.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfsegment_id;coder;code;Koodin nimi\r\n")  # Finnish Excel
    saved = pd.read_csv(tmp_path / "koodaus_Anna.csv", sep=";", encoding="utf-8-sig")
    assert list(saved.columns) == ["segment_id", "coder", "code", "Koodin nimi"]
    assert len(saved) == len(ref) and "Dokumentointi" in saved["Koodin nimi"].tolist()
    assert 'download="koodaus_Ville.csv"' in form.saved.value  # the student's own copy
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
    ("6b", lambda f: setattr(f.inputs["luku"], "value", "puolet"), "väärää muotoa"),
    ("5a", lambda f: setattr(f.inputs["share"], "value", 0.5), "Työllistymisaste"),
    ("2a", lambda f: [setattr(b, "value", 4) for b in f.inputs.values()], "Ei vielä"),
    ("6c", lambda f: setattr(f.inputs["luku"], "value", "152"), "Oikein"),
    ("4a", lambda f: setattr(f.inputs["luku"], "value", "37"), "desimaalilukuna"),
    ("4b", lambda f: setattr(f.inputs["palvelu"], "value", "Aalto"), "Ei vielä"),
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
    saved = pd.read_csv(tmp_path / f"vastaukset_06_viikko_{student_name('Anna K')}.csv", sep=";",
                        encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(saved.columns) == ["Opiskelija", "Harjoitus", "Tehtävä", "Otsikko", "Vastaus",
                                   "Tulos", "Aika"]
    # every task of the exercise is listed, answered or not, then the reflection
    assert saved["Tehtävä"].tolist() == ["6a", "6b", "6c", "Pohdinta"]
    row = saved.set_index("Tehtävä").loc["6c"]
    assert row["Vastaus"] == "152" and row["Tulos"] == "Oikein" and " klo " in row["Aika"]
    assert saved.set_index("Tehtävä").loc["6a", "Tulos"] == "ei vastattu"
    assert "työpaikoilla tehdystä työstä" in saved.set_index("Tehtävä").loc["Pohdinta", "Vastaus"]
    assert f'download="vastaukset_06_viikko_{student_name("Anna K")}.csv"' in box.result.value


def test_finnish_hint_under_a_novice_name_error(capsys):
    shell = InteractiveShell.instance()
    install_hints(shell)
    shell.run_cell("vastaus_2a = {arjenhallinta: 2}")
    out = capsys.readouterr().out
    assert "Vihje" in out and "lainausmerkkeihin: 'arjenhallinta'" in out
    shell.run_cell("vastaus_2a = {'arjenhallinta': 2")
    assert "sulut ja lainausmerkit" in capsys.readouterr().out
    assert hint_for(ZeroDivisionError()) is None


# --- every task, answered through its form as a student would -------------------------------------

def _fill_number(value):
    def fill(form):
        form.inputs["luku"].value = value
    return fill


def _fill_coding(codes):
    def fill(form):
        ref = ck.load_dataset("exercise_reference")
        for seg, code in zip(ref["segment_id"], codes(ref), strict=True):
            form.inputs[seg].value = code
    return fill


def _fill_stars(change):
    def fill(form):
        for goal, stars in tasks.new_source_stars().items():
            form.inputs[goal].value = change(goal, stars)
    return fill


def _fill_design(share, fte):
    def fill(form):
        form.texts["share"].value = share  # typed the Finnish way
        form.texts["coach_fte"].value = fte
    return fill


def _fill_topics(choose):
    def fill(form):
        for topic in choose(tasks.employment_topics()):
            form.inputs[topic].value = True
    return fill


def _fi(x, decimals):
    return f"{x:.{decimals}f}".replace(".", ",")


def _fill_items(choose):
    def fill(form):
        for item in choose(study_tasks.ips_gap()):
            form.inputs[item].value = True
    return fill


def _fill_areas(change):
    def fill(form):
        for k, (item, area) in enumerate(study_tasks.areas_8a().items()):
            form.inputs[item].value = change(k, area)
    return fill


#: a plan that meets every aim of task 9a (within 50 h, two thirds, the follow-up rhythm)
PLAN_9A = {("suuntaaminen", "tutustuminen"): 2, ("suuntaaminen", "tyonhaku"): 4,
           ("loytaminen", "tyonantajat"): 12, ("loytaminen", "tyonhaku"): 6,
           ("vakiinnuttaminen", "tyopaikkatuki"): 4, ("vakiinnuttaminen", "seuranta"): 14}


def _fill_plan(change):
    def fill(form):
        for s in form.sliders.values():
            s.value = 0
        for key, hours in change(PLAN_9A).items():
            form.sliders[key].value = hours
    return fill


def _other_area(k, area):
    return area if k else next(a for a in ("tyontekijana", "yhteistyo") if a != area)


#: a right answer for every task, as typed or clicked on the page
RIGHT = {
    "1a": _fill_coding(lambda ref: ref["reference_code"]),
    "1b": lambda f: _fill_number(_fi(tasks.kappa_shipped(), 2))(f),
    "2a": _fill_stars(lambda g, s: int(s)),
    "2b": lambda f: _fill_number(str(tasks.share_rule_changes()))(f),
    "3a": lambda f: _fill_number(str(tasks.saturation_at(0.05)))(f),
    "3b": lambda f: _fill_number(str(tasks.saturation_at(0.0, run=1)))(f),
    "4a": lambda f: _fill_number(f"{100 * tasks.provider_level_share():.0f} %")(f),
    "4b": lambda f: setattr(f.inputs["palvelu"], "value", tasks.best_pyramid_provider()),
    "5a": _fill_design("50 %", "1,25"),
    "6a": _fill_topics(lambda right: right),
    "6b": lambda f: _fill_number(_fi(tasks.visit_summary()["share_of_visits"], 3))(f),
    "6c": lambda f: _fill_number(str(tasks.visit_summary()["rows_total"]
                                     - tasks.visit_summary()["printed_total"]))(f),
    "7a": lambda f: _fill_number(i18n.format_number(study_tasks.search_gap(), "fi"))(f),
    "7b": lambda f: _fill_number(str(study_tasks.first_year_meetings()))(f),
    "7c": _fill_items(lambda right: right),
    "8a": _fill_areas(lambda k, area: area),
    "8b": lambda f: _fill_number(_fi(study_tasks.change_not_employed(), 2))(f),
    "8c": lambda f: _fill_number(i18n.format_percent(study_tasks.improved_not_employed(), "fi"))(f),
    "9a": _fill_plan(lambda plan: plan),
    "9b": lambda f: _fill_number(i18n.format_percent(year_tasks.provider_share(), "fi"))(f),
    "9c": lambda f: _fill_number(i18n.format_number(year_tasks.followup_hours(), "fi"))(f),
    "9d": lambda f: _fill_number(str(year_tasks.visits_for_two_thirds()))(f),
}

#: a wrong answer for every task: it must never say "Oikein"
WRONG = {
    "1a": _fill_coding(lambda ref: [*ref["reference_code"][:-1],
                                    "luottamus" if ref["reference_code"].iloc[-1] != "luottamus"
                                    else "prosessi"]),
    "1b": lambda f: _fill_number(_fi(tasks.kappa_shipped() + 0.05, 2))(f),
    "2a": _fill_stars(lambda g, s: (int(s) + 1) % 5 if g == "tyokyky" else int(s)),
    "2b": lambda f: _fill_number(str(tasks.share_rule_changes() + 1))(f),
    "3a": lambda f: _fill_number(str(tasks.saturation_at(0.05) + 1))(f),
    "3b": lambda f: _fill_number(str(tasks.saturation_at(0.0, run=1) + 2))(f),
    "4a": lambda f: _fill_number(f"{100 * tasks.provider_level_share() + 10:.0f} %")(f),
    "4b": lambda f: setattr(f.inputs["palvelu"], "value", next(
        p for p in ("Niemi", "Aalto") if p != tasks.best_pyramid_provider())),
    "5a": _fill_design("0 %", "1,0"),
    "6a": _fill_topics(lambda right: sorted(right)[1:]),
    "6b": lambda f: _fill_number("50 %")(f),
    "6c": lambda f: _fill_number(str(tasks.visit_summary()["rows_total"]))(f),
    "7a": lambda f: _fill_number(i18n.format_number(study_tasks.search_gap() + 1, "fi"))(f),
    "7b": lambda f: _fill_number(str(study_tasks.first_year_meetings() + 1))(f),
    "7c": _fill_items(lambda right: sorted(right)[1:]),
    "8a": _fill_areas(_other_area),
    "8b": lambda f: _fill_number(_fi(study_tasks.change_not_employed() + 0.1, 2))(f),
    "8c": lambda f: _fill_number(i18n.format_percent(study_tasks.improved_not_employed() - 0.1, "fi"))(f),
    "9a": _fill_plan(lambda plan: plan | {("vakiinnuttaminen", "seuranta"): 5}),
    "9b": lambda f: _fill_number(i18n.format_percent(year_tasks.provider_share() + 0.1, "fi"))(f),
    "9c": lambda f: _fill_number(i18n.format_number(year_tasks.followup_hours() + 2, "fi"))(f),
    "9d": lambda f: _fill_number(str(year_tasks.visits_for_two_thirds() - 1))(f),
}


def test_every_task_has_a_right_and_a_wrong_example():
    assert set(RIGHT) == set(WRONG) == set(TASKS)


@pytest.mark.parametrize("task", list(TASKS))
def test_form_answered_right_says_oikein_and_wrong_never(task):
    form = tehtava(task).form
    RIGHT[task](form)
    form.check_button.click()
    assert "Oikein" in _status(form), (task, _status(form))
    form = tehtava(task).form
    WRONG[task](form)
    form.check_button.click()
    assert "Oikein" not in _status(form) and "Ei vielä" in _status(form), (task, _status(form))


def test_placeholders_never_hold_an_answer():
    import re

    for task in TASKS:
        form = lomake(task)
        for widget in form.inputs.values():
            placeholder = getattr(widget, "placeholder", "") or ""
            assert not re.search(r"\d", placeholder), (task, placeholder)


def test_feedback_renders_without_an_emoji_font():
    form = lomake("6c")
    form.inputs["luku"].value = "1"
    form.check_button.click()
    text = _status(form)
    assert "Ei vielä" in text
    assert not any(0x1F000 <= ord(ch) <= 0x1FAFF or 0x2600 <= ord(ch) <= 0x27BF for ch in text
                   if ch not in "✓✗"), text


def test_every_task_shows_its_question_and_tool():
    assert set(tasks.TOOLS) == set(TOOLS)
    for task, record in TASKS.items():
        box = tehtava(task)
        assert record.question in box.children[0].value.replace("&#x27;", "'")
        assert (box.tool is None) == (record.tool is None)


def test_whole_data_tables_are_filterable_and_sortable():
    box = tehtava("2a").tool
    everything = ck.load_dataset("exercise_new_source")
    assert f"{len(everything)} / {len(everything)} riviä" in box.children[-1].value
    box.filter.value = "Työnantaja"
    assert len(box.visible()) < len(everything)
    assert all("työnantaja" in t.lower() or "Työllistyminen" in t
               for t in box.table.value.split("<tr>")[2:3])
    visits = tehtava("6c").tool
    visits.sort.value = dict(visits.sort.options)["Käyntejä"]
    visits.order.value = False
    assert visits.visible()["visits"].is_monotonic_decreasing
    assert "880" in visits.children[-1].value  # the sum of the topic rows is on the page


def test_tool_tables_have_finnish_headers():
    import re

    for task in TASKS:
        box = tehtava(task)
        html_text = "".join(getattr(w, "value", "") for w in _walk(box) if isinstance(
            getattr(w, "value", None), str))
        for header in re.findall(r"<th>([^<]*)</th>", html_text):
            assert "_" not in header and header.strip(), (task, header)


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_saturation_tool_follows_every_control():
    box = tehtava("3b").tool
    assert f"{tasks.saturation_at(0.05)} vastaajaa" in box.result.value
    box.run.value = 1
    box.threshold.text.value = "0 %"
    assert box.threshold.slider.value == 0
    assert f"{tasks.saturation_at(0.0, run=1)} vastaajaa" in box.result.value
    box.base.value = 6
    assert "pohja 6" in box.result.value


def test_every_task_has_a_tool_of_its_own():
    """3a and 3b ask for different settings of one tool: setting 3b never moves 3a."""
    a, b = tehtava("3a").tool, tehtava("3b").tool
    assert a is not b
    shown = a.result.value
    b.run.value = 1
    b.threshold.text.value = "0 %"
    assert f"{tasks.saturation_at(0.0, run=1)} vastaajaa" in b.result.value
    assert a.result.value == shown and a.run.value == 2 and a.threshold.slider.value == 0.05
    six = [tehtava(t).tool for t in ("6a", "6b", "6c")]
    six[0].filter.value = "työpaik"
    assert len(six[1].visible()) == len(six[2].visible()) > len(six[0].visible())
    design = tehtava("5a")
    assert design.tool in design.form.children  # results sit under the sliders


def test_tables_show_every_row_or_say_that_they_scroll():
    """The rows answers need (the printed total row for 6c, item 23 for 7c) are never hidden
    in a scroll box that does not say it scrolls."""
    from coachkit.teaching.tools import SCROLL_ROWS, scroll_note

    for task in ("6c", "7c", "9d"):
        table = tehtava(task).tool
        assert len(table.visible()) <= SCROLL_ROWS
        assert "max-height" not in table.table.value and "overflow" not in table.table.value
    assert "728" in tehtava("6c").tool.table.value  # the printed total row is in sight
    kappa = tehtava("1b").tool.children[0]
    n = len(kappa.visible())
    assert n > SCROLL_ROWS and scroll_note(n) in kappa.table.value


def test_9c_accepts_both_readings_of_the_rhythm_and_says_why():
    readings = year_tasks.followup_readings()
    assert readings == {"kit": 14.0, "every_month": 15.0}  # 1 + 1 + 4 + 8 and 1 + 1 + 4 + 9
    assert readings["kit"] == year_tasks.followup_hours()
    for answer in ("14", "15"):
        fb = tasks.tarkista("9c", answer)
        assert fb.status == "correct" and "Molemmat käyvät" in fb.message, answer
    for answer in ("13", "16", "17"):
        fb = tasks.tarkista("9c", answer)
        assert fb.status == "not_yet", answer
        assert "kuukausittain" not in fb.message  # the hint does not just repeat the rule


def test_8a_ids_do_not_give_the_areas_away():
    from coachkit.analyses.benefit import areas

    letters = {name[0].upper() for name in areas()["name"]} | {"T", "Y", "H", "E"}
    assert not any(i[0] in letters for i in study_tasks.STATEMENTS_8A)
    form = lomake("8a")
    shown = " ".join(getattr(wg, "value", "") for wg in _walk(form)
                     if isinstance(getattr(wg, "value", None), str))
    assert not any(f"<b>{item}</b>" in shown for item in study_tasks.STATEMENTS_8A.values())
    assert set(form.inputs) == set(study_tasks.STATEMENTS_8A)


def test_9a_hours_can_be_typed():
    form = lomake("9a")
    key = ("loytaminen", "tyonantajat")
    form.boxes[key].value = "7,25"
    assert form.sliders[key].value == 7.25
    assert form.answer()[key] == 7.25
    form.boxes[key].value = "sata"  # not a number: the box shows the hours again
    assert form.sliders[key].value == 7.25 and form.boxes[key].value == "7,25"
    form.sliders[key].value = 3
    assert form.boxes[key].value == "3"


def test_kappa_calculator_and_one_verdict_scale():
    box = tehtava("1b").tool
    box.first.value, box.second.value = "A", "B"
    box.go.click()
    kappa = f"{tasks.kappa_shipped():.2f}".replace(".", ",")
    assert f"κ = {kappa}" in box.result.value and "0 = vain sattuman verran" in box.result.value
    assert agreement_verdict(0.5) == "ei riittävä" and agreement_verdict(0.9) == "luotettava"


def test_design_results_follow_the_sliders_and_typed_commas():
    box = tehtava("5a")
    box.form.texts["share"].value = "0,5"
    assert box.form.inputs["share"].value == 0.5
    before = box.tool.value
    box.form.texts["coach_fte"].value = "0,25"
    assert box.form.inputs["coach_fte"].value == 0.25 and box.tool.value != before
    assert "." not in box.tool.value.split("<table")[1].split("Tavoite")[1].replace("</", "")


def test_rule_chooser_changes_the_table():
    box = tehtava("2b").tool
    first = box.holder.children[0].table.value
    box.chooser.value = len(box.chooser.options) - 1
    assert box.holder.children[0].table.value != first


def test_week_and_fidelity_forms_save_like_the_exercises(tmp_path, monkeypatch):
    from coachkit import teaching as widgets
    from coachkit.analyses.tasks import read_task_table, task_summary

    monkeypatch.chdir(tmp_path)
    week = widgets.week_form(rows=2)
    week.save.button.click()
    assert "nimesi" in week.save.result.value and not list(tmp_path.iterdir())
    topic, visits, employment = week.children[1].children
    topic.value, visits.value, employment.value = "=Työnantajakäynti", 4, True
    week.save.name.value = "Anna K"
    week.save.button.click()
    week_file = tmp_path / f"viikko_{student_name('Anna K')}.csv"
    raw = week_file.read_bytes()
    # Finnish Excel: BOM, semicolons, Finnish headers, kyllä/ei
    assert raw.decode("utf-8").startswith("\ufeffAihe;Käyntejä;Työllistymiseen liittyvä\r\n")
    saved = pd.read_csv(week_file, sep=";", encoding="utf-8-sig")
    assert saved["Aihe"].tolist() == ["'=Työnantajakäynti"]  # a formula is neutralised
    assert saved["Käyntejä"].tolist() == [4] and saved.iloc[0, 2] == "kyllä"
    assert f'download="viikko_{student_name("Anna K")}.csv"' in week.save.result.value
    # the kit reads the student's week back (coachkit tasks summary --table)
    summary = task_summary(read_task_table(week_file))
    assert summary["rows_total"] == 4 and summary["share_of_visits"] == 1
    ips = widgets.fidelity_form()
    ips.sliders[1].value = 5
    ips.save.name.value = "Anna K"
    ips.save.button.click()
    ips_file = tmp_path / f"ips25_{student_name('Anna K')}.csv"
    rated = pd.read_csv(ips_file, sep=";", encoding="utf-8-sig")
    assert len(rated) == 25 and rated.loc[rated["Väittämä"] == 1, "Pisteet"].item() == 5
    from coachkit.analyses.fidelity import fidelity_score

    assert fidelity_score(ips_file).total > 25


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(0, 3),
       st.sampled_from(["fi", "en"]))
def test_what_the_kit_writes_reads_back_in_its_language(value, decimals, lang):
    """CLDR numbers (no-break spaces, English thousands commas, '74,5 %', '74.5%') read back."""

    shown = i18n.format_number(value, lang, decimals)
    step = 1 if abs(value) >= 1000 else 10 ** -decimals  # what the shown digits can hold
    assert i18n.parse_number(shown, lang) == pytest.approx(value, abs=step / 2 + 1e-9)
    if 0 <= value <= 1e4:
        share = value / 1e4
        shown = i18n.format_percent(share, lang, 1)
        assert i18n.parse_number(shown, lang) == pytest.approx(share, abs=0.0005 + 1e-9), shown


def test_anna_k_and_anna_slash_k_keep_their_own_files_in_jupyterlab(tmp_path, monkeypatch):
    monkeypatch.delenv("VOILA_KERNEL_ID", raising=False)  # JupyterLab: no page id to tell them apart
    codes = {"k1": "tasa_arvo"}
    names = ["Anna K", "Anna/K", "Anna_K", "Anna  K", "../Anna K", "x" * 41, "x" * 42]
    paths = [forms.save_coding(codes, name, tmp_path) for name in names]
    assert len({p.name for p in paths}) == len(names)
    assert all(p.parent == tmp_path and p.name.startswith("koodaus_") for p in paths)
    assert paths[2].name == "koodaus_Anna_K.csv"  # a name already safe is kept as typed
    saved = [forms.save_answers("01_koodaus", name, tmp_path) for name in names]
    assert len({p.name for p in saved}) == len(names)


def test_answers_are_saved_on_each_check_and_come_back_after_a_reload(tmp_path, monkeypatch):
    """A student checks, reloads (a new page, a new kernel id), types the name: answers are back."""
    monkeypatch.setenv("VOILA_KERNEL_ID", "3f9a2c41-0000-4000-8000-000000000001")
    first = lomake("6c")
    stars = lomake("2a")
    box = tallennus("06_viikko", tmp_path)
    box.name.value = "Anna K"
    first.inputs["luku"].value = "152"
    first.check()  # saved at once: the trainer sees it, a reload does not lose it
    area = forms.reflection_area("Mitä luvut kertovat?")
    area.value = "Eivät kaikkea."
    stars.inputs["tyollistyminen"].value = 3
    table = tmp_path / f"vastaukset_06_viikko_{student_name('Anna K')}.csv"
    assert "152;Oikein" in table.read_text(encoding="utf-8-sig")
    assert "Eivät kaikkea." in table.read_text(encoding="utf-8-sig")

    forms.reset_page()  # the reload: a new page with a new kernel
    monkeypatch.setenv("VOILA_KERNEL_ID", "81b0de77-0000-4000-8000-000000000002")
    again = lomake("6c")
    forms.reflection_area("Mitä luvut kertovat?")
    box = tallennus("06_viikko", tmp_path)
    assert again.inputs["luku"].value == "" and box.restore_button.layout.display == "none"
    box.name.value = "Anna K"
    assert box.restore_button.layout.display != "none" and "Anna K" in box.offer.value
    box.restore_button.click()
    assert again.inputs["luku"].value == "152" and "Oikein" in again.feedback.value
    assert forms.REFLECTIONS["Mitä luvut kertovat?"].value == "Eivät kaikkea."
    # the same student goes on saving into the same file, not a second one
    box.button.click()
    assert sorted(p.name for p in tmp_path.glob("vastaukset_*")) == [table.name]


def _page_of_visit(tmp_path, visit, name, kernel, monkeypatch):
    """A page of exercise 6 as the classroom fills it: the visit's id first, then the name."""
    monkeypatch.setenv("VOILA_KERNEL_ID", kernel)
    form = lomake("6c")
    area = forms.reflection_area("Mitä luvut kertovat?")
    box = tallennus("06_viikko", tmp_path)
    hidden = [c for c in box.children if "coachkit-kaynti" in c._dom_classes]
    assert len(hidden) == 1 and hidden[0].layout.display == "none"
    hidden[0].value = visit
    box.name.value = name
    return form, area, box


def test_a_reload_in_the_same_visit_writes_the_same_file_and_gets_the_answers_back(
        tmp_path, monkeypatch):
    """One student is one visit: a reload (new page, new kernel) is not a second student."""
    form, area, box = _page_of_visit(tmp_path, "81b0de12ab34", "Anna K", "3f9a2c41-0000-4000-8000-01",
                                     monkeypatch)
    form.inputs["luku"].value = "152"
    form.check()
    area.value = "Eivät kaikkea."
    saved = sorted(p.name for p in tmp_path.glob("vastaukset_*"))
    assert saved == [f"vastaukset_06_viikko_{student_name('Anna K', page=False)}_81b0de.csv"]

    forms.reset_page()  # F5: a new page and a new kernel, the same browser session
    form, area, box = _page_of_visit(tmp_path, "81b0de12ab34", "Anna K", "aaaaaaaa-0000-4000-8000-02",
                                     monkeypatch)
    # back without a click, with the check's result; no restore offered
    assert form.inputs["luku"].value == "152" and "Oikein" in form.feedback.value
    assert area.value == "Eivät kaikkea." and box.restore_button.layout.display == "none"
    assert "palautettiin" in box.offer.value
    box.button.click()
    assert sorted(p.name for p in tmp_path.glob("vastaukset_*")) == saved  # still one student
    from coachkit.teaching.classreport import class_report

    task = class_report(tmp_path).to_dict()["tasks"]["6c"]
    assert (task["answered"], task["right"]) == (1, 1)


def test_two_visits_with_the_same_name_are_two_students(tmp_path, monkeypatch):
    codes = {"H1-01": "asiantuntijuus"}
    form, _, _ = _page_of_visit(tmp_path, "111111aaaaaa", "Anna", "3f9a2c41-0000-4000-8000-01",
                                monkeypatch)
    form.inputs["luku"].value = "152"
    form.check()
    first = forms.save_coding(codes, "Anna", tmp_path)
    forms.reset_page()
    form, _, box = _page_of_visit(tmp_path, "222222bbbbbb", "Anna", "3f9a2c41-0000-4000-8000-02",
                                  monkeypatch)
    assert form.inputs["luku"].value == ""  # the other Anna's answers are not put here …
    assert box.restore_button.layout.display != "none"  # … only offered (another browser)
    form.inputs["luku"].value = "153"
    form.check()
    second = forms.save_coding(codes, "Anna", tmp_path)
    assert (first.name, second.name) == ("koodaus_Anna_111111.csv", "koodaus_Anna_222222.csv")
    assert sorted(p.name for p in tmp_path.glob("vastaukset_*")) == [
        "vastaukset_06_viikko_Anna_111111.csv", "vastaukset_06_viikko_Anna_222222.csv"]


def test_a_changed_answer_is_not_checked_until_checked_again(tmp_path):
    form = lomake("6c")
    form.inputs["luku"].value = "152"
    form.check()
    form.inputs["luku"].value = "153"
    path = forms.save_answers("06_viikko", "Anna", tmp_path)
    saved = pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    row = saved.set_index("Tehtävä").loc["6c"]
    assert row["Vastaus"] == "153" and row["Tulos"] == "ei tarkistettu" and row["Aika"] == ""


def test_saved_answers_read_as_the_student_saw_them():
    from coachkit.teaching.saved import answer_text

    plan = {("suuntaaminen", "tyonhaku"): 4.5, ("loytaminen", "raportointi"): 0.0}
    assert answer_text("2a", {"tyollistyminen": 3}) == "Työllistymisen tukeminen ja ohjaus: 3 ★"
    assert answer_text("4a", "0,25") == "0,25" and answer_text("1b", 0.61) == "0,61"
    assert answer_text("9a", plan) == ("Työhaun suuntaaminen – Työnhaku asiakkaan kanssa: 4,5 h\n"
                                       "Yhteensä: 4,5 h")


@pytest.mark.parametrize("exercise", list(dict.fromkeys(t.exercise for t in TASKS.values())))
def test_every_form_of_an_exercise_comes_back_as_saved(exercise, tmp_path):
    """Every kind of form (codes, stars, sliders, checkboxes, a plan) restores what was saved,
    with its check's result; the saved table says Oikein for each, and the class report reads it."""
    from coachkit.teaching.classreport import class_report
    from coachkit.teaching.saved import answer_text

    mine = [t for t, rec in TASKS.items() if rec.exercise == exercise]
    built = {t: tehtava(t).form for t in mine}
    for task, form in built.items():
        RIGHT[task](form)
        assert form.check().status == "correct", task
    shown = {t: answer_text(t, f.answer()) for t, f in built.items()}
    forms.save_answers(exercise, "Anna", tmp_path)

    forms.reset_page()
    again = {t: tehtava(t).form for t in mine}
    assert all(f.answer() is None or answer_text(t, f.answer()) != shown[t]
               for t, f in again.items())
    assert forms.restore_answers(exercise, "Anna", tmp_path) == len(mine)
    for task, form in again.items():
        assert answer_text(task, form.answer()) == shown[task], task
        assert "Oikein" in _status(form), task
    tasks_ = class_report(tmp_path, n_boot=20).to_dict()["tasks"]
    assert all(tasks_[t]["right"] == 1 == tasks_[t]["answered"] for t in mine)


def test_a_saved_coding_comes_back_after_a_reload(tmp_path):
    ref = ck.load_dataset("exercise_reference")
    form = lomake("1a")
    tallennus("01_koodaus", tmp_path)
    for seg, code in zip(ref["segment_id"], ref["reference_code"], strict=True):
        form.inputs[seg].value = code
    form.inputs["coder"].value = "Anna"
    form.save_button.click()  # saved without pressing Tarkista
    forms.reset_page()
    again = lomake("1a")
    box = tallennus("01_koodaus", tmp_path)
    again.inputs["coder"].value = "Anna"  # the name typed once on the page reaches every form
    assert box.name.value == "Anna" and box.restore_button.layout.display != "none"
    box.restore_button.click()
    assert [again.inputs[s].value for s in ref["segment_id"]] == ref["reference_code"].tolist()


def test_the_save_row_speaks_the_forms_language(tmp_path, monkeypatch):
    """An English week form's save row is English: title, button, the no-name line, the link."""
    from coachkit import teaching
    from coachkit.i18n import stray_words

    monkeypatch.chdir(tmp_path)
    week = teaching.week_form(rows=1, lang="en")
    assert week.save.button.description == "Save"
    week.save.button.click()
    assert "write your name" in week.save.result.value and not list(tmp_path.iterdir())
    week.children[1].children[0].value = "Job fair"
    week.save.name.value = "Anna"
    week.save.button.click()
    shown = week.save.result.value
    assert "Saved for the trainer" in shown and "Download your own copy" in shown
    assert stray_words(" ".join([week.save.children[0].value, week.save.name.description, shown]),
                       "en") == []
    assert teaching.week_form(rows=1).save.button.description == "Tallenna"  # Finnish by default


def test_notebook_forms_that_ask_to_save_have_a_save_row():
    """A notebook that tells the student to press Tallenna takes its form from
    ``coachkit.teaching`` (with the save row); ``coachkit.dashboards``' forms have none."""
    import json
    import re

    from coachkit.display.notebooks import notebooks_dir

    for path in sorted(notebooks_dir().glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        if "Tallenna" not in text:
            continue
        for name in re.findall(r"\b(\w+_form)\(", code):
            assert re.search(rf"from coachkit\.teaching import .*\b{name}\b", code), \
                f"{path.name}: {name} comes without its save row"
