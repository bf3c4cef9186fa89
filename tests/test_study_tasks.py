"""Exercise 7 (orientations) and 8 (service benefit): checks and forms, answered right and wrong."""

import pytest

from coachkit.teaching import lomake, tarkista
from coachkit.teaching.exercises import TASKS
from coachkit.teaching.study_tasks import CHECKS, FORMS, expected


def test_tasks_are_registered_once_with_a_form_each():
    assert set(CHECKS) <= set(TASKS)
    assert set(CHECKS) == set(FORMS)


def test_7a_follows_the_data():
    right = expected("7a")
    assert right > 0  # coaching-centred search starts later
    assert tarkista("7a", right).status == "correct"
    wrong = tarkista("7a", right + 1)
    assert wrong.status == "not_yet" and str(int(right)) not in wrong.message
    assert tarkista("7a", "kolmetoista").status == "wrong_type"


def test_7b_counts_the_follow_up_rhythm():
    assert expected("7b") == 17  # 1 before + 1 within 3 days + 4 weekly + 11 monthly
    assert tarkista("7b", 17).status == "correct"
    assert tarkista("7b", 18).status == "not_yet"


def test_7c_items_that_separate_the_orientations():
    want = expected("7c")
    assert {15, 23} <= want and 21 not in want  # 21 is "partly" for the coaching-centred
    assert tarkista("7c", want).status == "correct"
    assert tarkista("7c", list(want)).status == "correct"
    fb = tarkista("7c", want | {21})
    assert fb.status == "not_yet" and "ei täyty" in fb.message
    assert tarkista("7c", "15").status == "wrong_type"
    assert tarkista("7c", {"x"}).status == "wrong_type"


@pytest.mark.parametrize("task", ["7a", "7b"])
def test_number_forms_accept_finnish_input(task):
    form = lomake(task)
    assert form.check().status == "unanswered"
    form.inputs["luku"].value = f" {int(expected(task))} "
    assert form.check().status == "correct"


def test_7c_form():
    form = lomake("7c")
    assert form.check().status == "unanswered"
    for item in expected("7c"):
        form.inputs[item].value = True
    assert form.check().status == "correct"
    form.inputs[21].value = True
    assert form.check().status == "not_yet"
