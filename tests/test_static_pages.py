"""Offline pages and the classroom folder, without a browser."""

import json
import re

import nbformat
import pytest

from coachkit.display.pages import WIDGET_STATE, WIDGET_VIEW, freeze_widgets, remote_resources


def _nb_with_dashboard():
    state = {
        "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_s", "IPY_MODEL_o"]}},
        "s": {"model_name": "IntSliderModel", "state": {"description": "Paikat", "value": 100}},
        "o": {"model_name": "OutputModel", "state": {"outputs": [
            {"output_type": "display_data", "metadata": {},
             "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}}]}},
    }
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("dashboard()")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        WIDGET_VIEW: {"model_id": "box", "version_major": 2, "version_minor": 0},
        "text/plain": "VBox()"})]
    nb.cells = [cell]
    nb.metadata["widgets"] = {WIDGET_STATE: {"state": state, "version_major": 2, "version_minor": 0}}
    return nb


def test_freeze_widgets_leaves_the_figure_and_the_controls():
    frozen = freeze_widgets(_nb_with_dashboard())
    assert "widgets" not in frozen.metadata
    html = frozen.cells[0].outputs[0]["data"]["text/html"]
    assert '<img src="data:image/png;base64,iVBORw0KGgo="' in html
    assert "Paikat: <b>100</b>" in html
    assert "coachkit classroom" in html
    assert WIDGET_VIEW not in json.dumps(frozen.cells[0].outputs)


def test_remote_resources_are_found():
    page = ('<script src="https://cdn.example/x.js"></script>'
            '<link rel="stylesheet" href="http://cdn.example/y.css">'
            "<script>var widgetRendererSrc = 'https://unpkg.com/z.js';</script>")
    assert len(remote_resources(page)) == 3


def test_classroom_folder_is_offline_and_hides_the_code_path(tmp_path):
    pytest.importorskip("voila")
    from coachkit.teaching.classroom import CODE_PATH_TAGS, TEMPLATE, landing_page, prepare

    sections = prepare(tmp_path)
    from coachkit.display.notebooks import notebooks_dir
    from coachkit.teaching.exercises import exercises_dir

    expected = [len(list(notebooks_dir().glob("*.ipynb"))), len(list(exercises_dir().glob("*.ipynb")))]
    assert [len(entries) for _, entries in sections] == expected and min(expected) >= 7
    page = landing_page(sections)
    assert remote_resources(page) == [] and 'lang="fi"' in page
    template = (tmp_path / ".jupyter" / "voila" / "templates" / TEMPLATE / "index.html.j2").read_text()
    assert not re.search(r'(href|src)="https?://', template)
    for path in (tmp_path / "harjoitukset").glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        assert not any(set(c.metadata.get("tags", [])) & set(CODE_PATH_TAGS) for c in nb.cells)
        assert any("tehtava(" in c.source for c in nb.cells)


def test_written_page_is_in_the_notebooks_language(tmp_path):
    from coachkit.display.notebooks import write_html

    nb = _nb_with_dashboard()
    write_html(nb, tmp_path / "fi.html")
    page = (tmp_path / "fi.html").read_text(encoding="utf-8")
    assert re.search(r"<html[^>]*\slang=\"fi\"", page) and 'lang="en"' not in page.split(">", 2)[1]
    nb.cells.insert(0, nbformat.v4.new_code_cell('LANG = "en"'))
    write_html(nb, tmp_path / "en.html", no_code=True)
    english = (tmp_path / "en.html").read_text(encoding="utf-8")
    assert re.search(r"<html[^>]*\slang=\"en\"", english)
    assert "The controls work" in english and "Säätimet" not in english  # the note too


def test_a_run_with_lang_en_writes_an_english_page(tmp_path):
    """``coachkit rerun 02 --param lang=en``: papermill injects ``LANG = "en"`` AFTER the
    notebook's own ``LANG = "fi"``; the page follows the run, not the default."""
    from coachkit.display.notebooks import write_html
    from coachkit.display.pages import LIVE_NOTE, note

    nb = _nb_with_dashboard()
    params = nbformat.v4.new_code_cell('LANG = "fi"        # "fi" tai "en"')
    params.metadata["tags"] = ["parameters"]
    injected = nbformat.v4.new_code_cell('# Parameters\nLANG = "en"\n')
    injected.metadata["tags"] = ["injected-parameters"]
    nb.cells[:0] = [params, injected]
    write_html(nb, tmp_path / "run.html")
    page = (tmp_path / "run.html").read_text(encoding="utf-8")
    assert re.search(r"<html[^>]*\slang=\"en\"", page)
    assert note(LIVE_NOTE, "en") in page and note(LIVE_NOTE, "fi") not in page
    write_html(nb, tmp_path / "asked.html", lang="fi")  # the caller's language wins
    assert re.search(r"<html[^>]*\slang=\"fi\"", (tmp_path / "asked.html").read_text(encoding="utf-8"))
    with pytest.raises(ValueError, match="got 'sv'"):
        write_html(nb, tmp_path / "sv.html", lang="sv")


def _nb_with(state, root, *, tags=()):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("tehtava('5a')")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        WIDGET_VIEW: {"model_id": root, "version_major": 2, "version_minor": 0},
        "text/plain": "VBox()"})]
    check = nbformat.v4.new_code_cell('tarkista("5a", vastaus_5a)')
    check.metadata["tags"] = list(tags)
    check.outputs = [nbformat.v4.new_output("execute_result", data={
        "text/plain": "[5a] … Ei vielä vastattu. Siirrä säätimiä."}, execution_count=2)]
    nb.cells = [cell, check]
    nb.metadata["widgets"] = {WIDGET_STATE: {"state": state, "version_major": 2, "version_minor": 0}}
    return nb


def test_a_printed_form_is_one_finnish_line_not_raw_controls():
    """A handout shows a task's form as its title and where to answer, never the controls'
    raw values ("…paikat:: 0.3  30 %"), the code path's "Ei vielä vastattu" or a note about
    a picture that is not there."""
    from coachkit.display.pages import FORM_CLASS, LIVE_NOTE, VIEW_NOTE, note

    LIVE_NOTE, VIEW_NOTE = note(LIVE_NOTE, "fi"), note(VIEW_NOTE, "fi")  # noqa: N806

    state = {
        "task": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_q", "IPY_MODEL_form"]}},
        "q": {"model_name": "HTMLModel", "state": {"value": "<p>Valitse osuus.</p>"}},
        "form": {"model_name": "VBoxModel", "state": {
            "_dom_classes": [FORM_CLASS], "children": ["IPY_MODEL_t", "IPY_MODEL_s", "IPY_MODEL_x"]}},
        "t": {"model_name": "HTMLModel", "state": {"value": "<b>Vastaa – tehtävä 5a: Malli</b>"}},
        "s": {"model_name": "FloatSliderModel", "state": {
            "description": "Motivaation perusteella täytettävät paikat:", "value": 0.3,
            "readout": False}},
        "x": {"model_name": "TextModel", "state": {"value": "30 %"}},
    }
    frozen = freeze_widgets(_nb_with(state, "task", tags=["code-path"]))
    page = frozen.cells[0].outputs[0]["data"]["text/html"]
    assert "Vastaa – tehtävä 5a: Malli" in page and "Vastaa sivulla" in page
    assert "Valitse osuus." in page
    text = re.sub(r"<[^>]+>", " ", page)
    assert "0.3" not in text and "::" not in text and "30 %" not in text
    assert LIVE_NOTE not in page and VIEW_NOTE not in page  # no picture, no control outside
    assert frozen.cells[1].outputs == []  # the code path's check has nothing to say on paper
    # outside a form: one colon, a decimal comma, and the note that fits what is shown
    state["form"]["state"]["_dom_classes"] = []
    page = freeze_widgets(_nb_with(state, "task")).cells[0].outputs[0]["data"]["text/html"]
    assert "paikat:: " not in page and "paikat:</div>" in page and "30 %" in page
    assert VIEW_NOTE in page and LIVE_NOTE not in page
    state["x"]["state"]["value"] = 0.25
    page = freeze_widgets(_nb_with(state, "task")).cells[0].outputs[0]["data"]["text/html"]
    assert "<b>0,25</b>" in page
