"""Exercise 7 (orientations) and 8 (service benefit): checks and forms, answered right and wrong."""

import pytest

from coachkit import i18n
from coachkit.teaching import lomake, tarkista
from coachkit.teaching.exercises import TASKS
from coachkit.teaching.study_tasks import expected


def test_tasks_are_records_of_the_one_registry():
    ours = {t for t in TASKS if t[0] in "78"}
    assert ours == {"7a", "7b", "7c", "8a", "8b", "8c"}
    assert {TASKS[t].exercise for t in ours} == {"07_orientaatiot", "08_palvelun-hyoty"}
    assert {TASKS[t].form.kind for t in ours} == {"number", "share", "items", "areas"}


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


def test_8a_areas_come_from_the_instrument():
    want = expected("8a")
    assert set(want.values()) == {"tyontekijana", "yhteistyo", "hyvinvointi", "tyollistyminen"}
    assert tarkista("8a", want).status == "correct"
    one_wrong = want | {"V2": "hyvinvointi"}
    fb = tarkista("8a", one_wrong)
    assert fb.status == "not_yet" and "5/6" in fb.message
    assert tarkista("8a", {"V1": "tyontekijana"}).status == "not_yet"
    assert tarkista("8a", ["tyontekijana"]).status == "wrong_type"


def test_8b_and_8c_follow_the_data():
    from coachkit import load_dataset
    from coachkit.analyses import benefit
    data = benefit.read_benefit(load_dataset("benefit_ratings"))
    scores = benefit.area_scores(data)
    mine = scores[(scores["area"] == "yhteistyo") & ~scores["employed"]]["change"].mean()
    assert abs(expected("8b") - mine) < 1e-12
    assert tarkista("8b", round(mine, 2)).status == "correct"
    assert tarkista("8b", mine + 0.05).status == "not_yet"
    best = scores[~scores["employed"]].groupby("client_id")["change"].max()
    assert abs(expected("8c") - (best >= 1.0).mean()) < 1e-12
    assert tarkista("8c", 100 * expected("8c")).message.startswith("Kirjoita osuus prosentteina")
    assert tarkista("8c", f"{100 * expected('8c'):.1f} %".replace(".", ",")).status == "correct"


def test_8_forms():
    form = lomake("8a")
    assert form.check().status == "unanswered"
    for item, area in expected("8a").items():
        form.inputs[item].value = area
    assert form.check().status == "correct"
    b = lomake("8b")
    b.inputs["luku"].value = f"{expected('8b'):.2f}".replace(".", ",")
    assert b.check().status == "correct"


def test_7c_question_names_exactly_what_is_counted():
    """Only "ei täyty" counts; the question says so and names the statuses left out."""
    from coachkit.teaching.tasks import TASKS

    q = TASKS["7c"].question
    words = {k: i18n.t(f"value.status.{k}", "fi")
             for k in ("meets", "does_not", "partly", "not_described")}
    assert f"»{words['meets']}»" in q and f"»{words['does_not']}»" in q
    left_out = q.split("eivät kuulu mukaan")[0].rsplit(".", 1)[-1]
    assert f"»{words['partly']}»" in left_out and f"»{words['not_described']}»" in left_out
