"""Widgets build and react without a browser (ipywidgets models work headless)."""

import coachkit as ck
from coachkit import dashboards as widgets


def test_star_rule_explorer_builds():
    corpus = ck.read_corpus(ck.load_dataset("source_corpus"))
    box = widgets.star_rule_explorer(corpus)
    sliders = box.children[1].children + box.children[2].children
    assert [s.value for s in sliders] == [1, 3, 6, 10]
    sliders[0].value = 2  # redraw must not raise


def test_fidelity_form_live_total():
    box = widgets.fidelity_form(initial=ck.load_dataset("ips_ratings_before"))
    assert box.ratings()["score"].sum() == 76
    assert "76 / 125" in box.children[0].value
    slider = box.sliders[17]
    slider.value = 5
    assert box.ratings()["score"].sum() == 76 - ck.load_dataset("ips_ratings_before")["score"][16] + 5
    assert f"{box.ratings()['score'].sum()} / 125" in box.children[0].value


def test_week_form_summary():
    box = widgets.week_form(rows=3)
    rows = [r.children for r in box.children[1:4]]  # under the header row
    rows[0][0].value, rows[0][1].value, rows[0][2].value = "CV-paja", 3, True
    rows[1][0].value, rows[1][1].value = "Tukiopetus", 7
    assert box.table()["visits"].tolist() == [3, 7]
    assert "30\u00a0%" in box.result.value  # CLDR Finnish: a no-break space before %


def test_week_form_duplicate_topic_in_finnish():
    box = widgets.week_form(rows=4)
    rows = [r.children for r in box.children[1:5]]
    rows[0][0].value = "1"
    rows[2][0].value = "1"  # a blank row between: the form's own row numbers are named
    assert "Rivillä 3 on sama aihe kuin rivillä 1" in box.result.value
    assert "duplicate" not in box.result.value and "row" not in box.result.value


def test_week_form_problem_names_field_in_finnish():
    from coachkit.errors import InputError

    exc = InputError("expected a whole number", file="lomake", row=2, column="visits")
    assert widgets.week_form_problem(exc, [1]) == (
        "Rivillä 2 kohdassa ”Käyntejä” on arvo, jota ei voi lukea – korjaa se.")


def test_pyramid_explorer_builds():
    from coachkit.analyses import pyramid
    box = widgets.pyramid_explorer(pyramid.read_survey(ck.load_dataset("feedback_survey")))
    threshold, readout, provider, profile = box.children[0].children
    assert not threshold.readout and readout.value == "4,00"  # decimal comma, not "4.00"
    provider.value = "Salo"
    threshold.value = 3.5
    profile.value = "osaaja"  # few clients: prints a hint instead of failing


def test_selection_dashboard_and_figure():
    summary, fig = widgets.selection_figure(places=60, coach_fte=0.5, job_club=True,
                                            strategy="open", reps=30)
    assert summary["strategy"].unique().tolist() == ["open"]
    assert len(fig.axes) == 2
    box = widgets.selection_dashboard()
    box.children[0].children[1].value = 80
    fte, fte_shown, market, market_shown, _ = box.children[1].children
    assert (fte_shown.value, market_shown.value) == ("1,00", "0,00")
    market.value = -0.5
    assert market_shown.value == "-0,50" and not fte.readout and not market.readout


def test_benefit_dashboard_readout_has_decimal_comma():
    box = widgets.benefit_dashboard()
    slider, shown = box.children[0].children
    assert not slider.readout and shown.value == "1,00"


def test_dashboards_never_import_teaching():
    """The dashboards stand beside the teaching tools: no arrow from dashboards to teaching."""
    import ast
    from pathlib import Path

    folder = Path(widgets.__file__).parent
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                assert "teaching" not in module, f"{path.name} imports {module}"
            elif isinstance(node, ast.Import):
                assert not any("teaching" in a.name for a in node.names), path.name


def test_english_dashboards_have_english_words():
    """lang="en": the controls, the week form's lines and the plan's status hold no Finnish
    catalogue text, and the numbers are written the English way."""
    from coachkit.i18n import stray_words

    week = widgets.week_form(rows=2, lang="en")
    rows = [r.children for r in week.children[1:3]]
    rows[0][0].value, rows[0][1].value, rows[0][2].value = "CV workshop", 999, True
    rows[1][0].value, rows[1][1].value = "Tutoring", 3
    shown = " ".join([week.children[0].children[0].value, week.children[0].children[1].value,
                      rows[0][2].description, rows[0][0].placeholder, week.result.value])
    assert "Topic" in shown and "visits 1,002" in shown and "50%" in shown
    assert stray_words(shown, "en") == []
    plan = widgets.plan_dashboard(lang="en")
    next(iter(plan.sliders.values())).value = 2.5
    words = " ".join([plan.job_start.description, plan.meeting_hours.description, plan.status.value,
                      plan.children[0].children[2].value])
    assert "Budget: 2.5 / 50 h" in words and "2,5" not in words
    assert stray_words(words, "en") == []
    box = widgets.selection_dashboard(lang="en")
    strategy = box.children[0].children[0]
    assert [label for label, _ in strategy.options] == ["all", "A tightened", "B loosened",
                                                        "C no assessment"]



def test_dashboards_words_come_from_the_catalogue():
    """No `lang ==` choice and no Finnish literal in the dashboards' code (docstrings aside):
    every word is a dashboard.* key, so a new language is one catalogue file."""
    import ast
    import re
    from pathlib import Path

    finnish = re.compile(r"[äöÄÖ]|\b(ja|tai|kaikki|valitse|tallenna)\b", re.IGNORECASE)
    for path in sorted(Path(widgets.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and node.body
                      and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare) and isinstance(node.left, ast.Name):
                assert node.left.id != "lang", f"{path.name}:{node.lineno} chooses words by lang"
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and id(node) not in docstrings and not node.value.startswith(("#", "ips25"))):
                assert not finnish.search(node.value), f"{path.name}:{node.lineno} {node.value!r}"
