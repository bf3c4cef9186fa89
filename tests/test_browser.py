"""The classroom as its users see it: every app in headless Chromium, no network, no code.

Starts ``coachkit classroom`` on a free port, opens every app in Debian's Chromium through
Playwright (``executable_path``; nothing downloaded), changes one control per dashboard and
checks that its figure or table changed, presses a form's check button in every exercise,
and checks that the browser console shows no error.  Set-up installs Chromium when it is
missing (root + apt); the test skips, with the reason, only where none can be installed.
"""

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
