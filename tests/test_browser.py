"""The classroom as its users see it: every app in headless Chromium, no network, no code.

Starts ``coachkit classroom`` on a free port, opens every app in Debian's Chromium through
Playwright (``executable_path``; nothing downloaded), changes one control per dashboard and
checks that its figure or table changed, presses a form's check button in every exercise,
and checks that the browser console shows no error.  A class opens one exercise in
``CLASS`` pages at once (every form on every page), and a class prepared with ``--open``
gets its page from the pool of ready kernels, with a Finnish notice when something fails.
Set-up installs Chromium when it is missing (root + apt); the test skips, with the reason,
only where none can be installed.
"""

import nbformat
import pytest

from coachkit.teaching import browser as br

pytest.importorskip("playwright", reason="playwright (a test dependency) is not installed")

#: app → how to change one control, and where to look for the change
DASHBOARDS = {
    "01_teema-analyysi": ("slider", ".widget-output"),
    "02_arvopyramidi": ("slider", ".widget-output"),
    "03_opiskelijavalinnat": ("slider", ".widget-output"),
    "04_valmentajan-tyo": ("text", ".widget-html"),
    "05_ips-laatu": ("slider", ".widget-html"),
    "06_orientaatiot": ("slider", ".widget-output"),
    "07_palvelun-hyoty": ("slider", ".widget-output"),
    "08_valmennusvuosi": ("slider", ".widget-output"),
}
#: pages opened at once by the class test (the load figures for 20: the classroom benchmark)
CLASS = 8
EXERCISES = ["01_koodaus", "02_tahdet", "03_saturaatio", "04_arvopyramidi", "05_valinta",
             "06_viikko", "07_orientaatiot", "08_palvelun-hyoty", "09_valmennusvuosi"]


@pytest.fixture(scope="module")
def chromium():
    path = br.ensure_chromium()
    if path is None:
        pytest.skip("no Chromium: Debian's 'chromium' package could not be installed here")
    return path


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    folder = tmp_path_factory.mktemp("luokka") / "classroom"
    with br.classroom_server(folder) as url:
        yield url


@pytest.fixture(scope="module")
def chrome(chromium):
    with br.browser(chromium) as b:
        yield b


def _cut_labels(page):
    """Control labels that do not fit their box (shown with an ellipsis)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('.widget-label'))
        .filter(l => l.offsetParent !== null && l.scrollWidth > l.clientWidth + 1)
        .map(l => l.innerText)""")


def test_landing_page_lists_every_app_in_finnish(classroom, chrome):
    page = br.new_page(chrome)
    page.goto(classroom)
    assert page.locator("html").get_attribute("lang") == "fi"
    links = page.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(links) == len(DASHBOARDS) + len(EXERCISES)
    assert "Harjoitukset opiskelijoille" in page.content()
    assert page.errors == []
    page.close()


@pytest.mark.parametrize("app", list(DASHBOARDS))
def test_dashboard_reacts_to_its_control(classroom, chrome, app):
    how, where = DASHBOARDS[app]
    page = br.new_page(chrome)
    br.open_app(page, f"{classroom}voila/render/muistikirjat/{app}.ipynb")
    assert "import coachkit" not in page.inner_text("body")  # no code cells
    if how == "slider":
        before = br.figures(page, where) if where == ".widget-output" else br.snapshot(page, where)
        br.press_slider(page, 0)
        br.wait_for_change(page, where, before, figure=where == ".widget-output")
    else:
        before = br.snapshot(page, where)
        page.locator(".widget-text input[type=text]").first.fill("Työnhakuvalmennus")
        br.wait_for_change(page, where, before)
    assert _cut_labels(page) == []
    assert page.errors == [], page.errors
    page.close()


@pytest.mark.parametrize("exercise", EXERCISES)
def test_exercise_form_answers_without_code(classroom, chrome, exercise):
    page = br.new_page(chrome)
    br.open_app(page, f"{classroom}voila/render/harjoitukset/{exercise}.ipynb")
    assert page.get_by_text("Ei vielä vastattu").count() == 0  # code-path checks are hidden
    button = page.get_by_role("button", name="Tarkista").first
    button.click()
    page.get_by_text("Ei vielä vastattu").first.wait_for(timeout=30_000)  # the form's feedback
    assert "Traceback" not in page.content()
    assert page.errors == [], page.errors
    page.close()


def _shut_down(url, kernel):
    """Shut a kernel down as the culler would (tornado's XSRF check wants cookie = header)."""
    import urllib.request

    req = urllib.request.Request(f"{url}api/kernels/{kernel}", method="DELETE",
                                 headers={"Cookie": "_xsrf=testi", "X-XSRFToken": "testi"})
    with urllib.request.urlopen(req, timeout=30) as r:
        assert r.status == 204


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A classroom prepared for a class of ``CLASS`` on exercise 01 (``--open 01``)."""
    folder = tmp_path_factory.mktemp("luokka2") / "classroom"
    with br.classroom_server(folder, students=CLASS, open_=["01"], ready_timeout=600) as url:
        yield url, folder


def test_a_class_opens_one_exercise_at_once_and_every_page_has_every_form(prepared, chrome):
    """``CLASS`` pages at once, as a class does when the trainer says "open Harjoitus 1".

    The landing page says the classroom is ready; every page gets a kernel from the pool
    and shows every form (under load a form used to be missing without a word); no page
    shows a notice.  Then one page's kernel goes, and that page says so in Finnish.
    """
    from coachkit.teaching.exercises import exercises_dir

    url, _ = prepared
    page = br.new_page(chrome)
    page.goto(url)
    assert "Luokkahuone on valmis" in page.locator("#tila").inner_text()
    page.close()
    app = "harjoitukset/01_koodaus.ipynb"
    assert br.classroom_status(url)["apps"][app]["ready"] == CLASS
    expected = br.expected_forms(exercises_dir() / "01_koodaus.ipynb")
    assert expected >= 2
    pages = br.open_class(chrome, f"{url}voila/render/{app}", CLASS, expected, timeout=300)
    try:
        assert [p["forms"] for p in pages] == [expected] * CLASS
        assert [p["notice"] for p in pages] == [False] * CLASS
        assert [p["errors"] for p in pages] == [[]] * CLASS
        # every page got its widgets' states in one answer, none asked widget by widget
        assert [p["widget_requests"] for p in pages] == [0] * CLASS
        assert br.classroom_status(url)["apps"][app]["in_use"] == CLASS  # all from the pool
        # A kernel goes (as a tab's does when it was left without a connection): its page says so.
        page = pages[0]["page"]
        kernel = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data')"
                               ".textContent).kernelId")
        _shut_down(url, kernel)
        page.evaluate("window.coachkitCheckKernel()")
        notice = page.locator("#coachkit-notice")
        notice.wait_for(state="visible", timeout=10_000)
        assert "Lataa sivu uudelleen" in notice.inner_text() and "F5" in notice.inner_text()
        assert not pages[1]["page"].locator("#coachkit-notice").is_visible()
    finally:
        for p in pages:
            p["page"].close()


def test_pages_get_the_widget_managers_that_wait_for_the_kernel(prepared):
    """The widget managers served are the classroom's copies that wait IOPUB_TIMEOUT s (not
    ipywidgets' 4 s) for the kernel's widget states, after which a page asks for each widget."""
    import re
    import urllib.request

    from coachkit.teaching.classroom import WIDGET_MANAGERS, WIDGET_STATES_TIMEOUT

    url, folder = prepared
    copies = folder / ".jupyter" / "widget-managers"
    served = []
    for name in WIDGET_MANAGERS:
        for js in sorted((copies / name / "static").glob("*.js")):
            if "Control comm did not respond in time" not in js.read_text(encoding="utf-8"):
                continue
            with urllib.request.urlopen(f"{url}voila/labextensions/{name}/static/{js.name}",
                                        timeout=30) as r:
                text = r.read().decode("utf-8")
            waits = re.findall(r'Control comm did not respond in time"\)+,(\w+)\)', text)
            served.append(waits)
    assert served and all(w == [str(WIDGET_STATES_TIMEOUT * 1000)] for w in served)


def test_a_failing_cell_is_a_finnish_notice_not_an_english_error(prepared, chrome):
    url, folder = prepared
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Testi"),
                                         nbformat.v4.new_code_cell("raise RuntimeError('rikki')")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, folder / "harjoitukset" / "zz_virhe.ipynb")
    page = br.new_page(chrome)
    br.open_app(page, f"{url}voila/render/harjoitukset/zz_virhe.ipynb")
    notice = page.locator("#coachkit-notice")
    notice.wait_for(state="visible", timeout=10_000)
    assert "ei latautunut" in notice.inner_text() and "F5" in notice.inner_text()
    assert "error" not in page.inner_text("body").lower()
    page.close()
