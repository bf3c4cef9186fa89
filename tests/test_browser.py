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

import contextlib

import nbformat
import pytest
from benchmarks import browser as br

pytest.importorskip("playwright", reason="playwright (a test dependency) is not installed")
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

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
def classroom(tmp_path_factory):
    folder = tmp_path_factory.mktemp("luokka") / "classroom"
    with br.classroom_server(folder) as url:
        yield url


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
def test_dashboard_reacts_to_its_control(classroom, chrome, app, tmp_path):
    how, where = DASHBOARDS[app]
    url = f"{classroom}voila/render/muistikirjat/{app}.ipynb"
    # the control and what it changes are drawn when the kernel's widget states arrive, which
    # on a loaded machine can come well after the cells: look only once they are on the page
    control = (".widget-slider .noUi-handle" if how == "slider"
               else ".widget-text input[type=text]")
    for attempt in (1, 2):
        page = br.new_page(chrome)
        br.open_app(page, url)
        assert "import coachkit" not in page.inner_text("body")  # no code cells
        try:
            page.locator(control).first.wait_for(state="visible", timeout=90_000)
            break
        except PlaywrightTimeout:
            # Known defect (left open): in a fresh classroom the first dashboard page now and
            # then never draws its widgets; a reload, as a student would do, draws them.
            page.screenshot(path=str(tmp_path / f"{app}_ilman_saatimia.png"))
            page.close()
            if attempt == 2:
                raise
    page.locator(where).first.wait_for(state="visible")
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


def test_answers_come_back_after_a_reload_and_download_from_the_page(classroom, chrome, tmp_path):
    """A student checks 6c with a name, presses F5, types the name again: the answer is back;
    the saved table is a link on the page (a download, the student's own copy)."""
    app = f"{classroom}voila/render/harjoitukset/06_viikko.ipynb"
    asked = []

    def leave(page):
        """Try to leave the page; the student stays when the browser asks."""
        page.on("dialog", lambda d: (asked.append(d.type), d.dismiss()))
        with contextlib.suppress(PlaywrightError):  # the navigation the student cancelled
            page.goto("about:blank", timeout=30_000)
        return page.url == "about:blank"

    page = br.new_page(chrome)  # no name yet: leaving would lose the answer, the browser asks
    br.open_app(page, app)
    page.get_by_label("Erotus (käyntejä):").fill("152")
    page.get_by_label("Erotus (käyntejä):").press("Tab")
    assert not leave(page) and asked == ["beforeunload"]
    assert page.get_by_label("Erotus (käyntejä):").input_value() == "152"  # still there
    page.close()

    page = br.new_page(chrome)
    br.open_app(page, app)
    name = page.get_by_label("Nimesi:").last
    name.fill("Anna Testi")
    name.press("Enter")
    answer = page.get_by_label("Erotus (käyntejä):")
    answer.fill("152")
    answer.press("Tab")
    page.get_by_role("button", name="Tarkista").nth(2).click()
    page.get_by_text("Oikein").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Tallenna vastaukset").click()
    link = page.locator("a[download^='vastaukset_06_viikko_Anna_Testi']")
    link.wait_for(timeout=30_000)
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    text = saved.read_bytes().decode("utf-8")
    assert text.startswith("\ufeffOpiskelija;Harjoitus;Tehtävä") and "6c;" in text
    assert "152;Oikein" in text
    assert leave(page) and asked == ["beforeunload"]  # with a name: saved, nothing to ask
    page.close()

    page = br.new_page(chrome)  # the reload: a new page and a new kernel
    br.open_app(page, app)
    assert page.get_by_label("Erotus (käyntejä):").input_value() == ""
    name = page.get_by_label("Nimesi:").last
    name.fill("Anna Testi")
    name.press("Enter")
    page.get_by_role("button", name="Palauta vastaukset").click()
    page.get_by_text("Palautettu").wait_for(timeout=30_000)
    assert page.get_by_label("Erotus (käyntejä):").input_value() == "152"
    assert page.get_by_text("Oikein").count() >= 1
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


def test_a_foreign_host_name_is_refused_on_127_0_0_1(classroom):
    """DNS rebinding: a page served under a foreign name that resolves to this machine."""
    import http.client

    port = int(classroom.rsplit(":", 1)[1].strip("/"))
    for host, expected in ((f"evil.example:{port}", 403), (f"localhost:{port}", 200)):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/", headers={"Host": host})
        assert conn.getresponse().status == expected, host
        conn.close()


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    """A classroom that needs a class code on this machine too (``--code``)."""
    folder = tmp_path_factory.mktemp("koodi") / "classroom"
    with br.classroom_server(folder, args=["--code", "selain-koodi"]) as url:
        yield url, folder


def test_a_student_joins_with_the_code_and_types_the_name_once(coded, chrome):
    """Join via ``?token=``, type the name once on the first app; the second app knows it.

    The trainer's page (its own code; the class code does not open it) follows the saves.
    """
    url, folder = coded
    visit, trainer_visit = br.new_visit(chrome), br.new_visit(chrome)
    try:
        trainer = br.new_page(trainer_visit)
        assert trainer.goto(url.with_code("opettaja")).status == 403  # the class code: not here
        trainer.errors.clear()
        trainer.goto(url.with_code("opettaja", url.trainer_code))
        trainer.wait_for_selector("#tallennettu[data-files='0']")
        trainer.evaluate("window.notReloaded = true")
        page = br.new_page(visit)
        assert page.goto(url).status == 403  # no code, no classroom
        page.errors.clear()  # the refused page's own console line
        refused = []
        visit.on("response", lambda r: refused.append(r.url) if r.status in (401, 403) else None)
        page.goto(url.with_code())
        links = page.locator("ul a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert links and all(h.startswith("/voila/render/") for h in links)  # plain links
        assert page.locator("#coachkit-nimi-kysy").is_visible()
        page.get_by_role("link", name="Harjoitus 1", exact=False).first.click()
        page.wait_for_selector("#rendered_cells", state="visible", timeout=600_000)
        page.wait_for_load_state("networkidle", timeout=600_000)
        bar, tasks = page.locator("#coachkit-nimi"), page.locator("#rendered_cells")
        assert page.locator("#coachkit-nimi-kysy").is_visible()
        # asked at the top, above the tasks, hiding none of them
        assert bar.bounding_box()["y"] + bar.bounding_box()["height"] <= tasks.bounding_box()["y"] + 1
        assert page.get_by_role("button", name="Tarkista").first.is_visible()
        page.fill("#coachkit-nimi-kentta", "Anna Testi")
        page.get_by_role("button", name="Tallenna nimi").click()
        assert page.locator("#coachkit-nimi-arvo").inner_text() == "Anna Testi"
        page.get_by_role("button", name="Tallenna vastaukset").click()
        page.get_by_text("Tallennettu:").first.wait_for(timeout=30_000)
        assert page.errors == [], page.errors

        second = br.new_page(visit)
        br.open_app(second, f"{url}voila/render/harjoitukset/02_tahdet.ipynb")
        assert second.locator("#coachkit-nimi-arvo").inner_text() == "Anna Testi"
        assert not second.locator("#coachkit-nimi-kysy").is_visible()
        second.wait_for_function("() => Array.from(document.querySelectorAll('.coachkit-nimi input'))"
                                 ".every(i => i.value === 'Anna Testi')", timeout=10_000)
        second.get_by_role("button", name="Tallenna vastaukset").click()
        second.get_by_text("Tallennettu:").first.wait_for(timeout=30_000)
        assert second.errors == [], second.errors
        assert refused == []  # the code given once opened every page, script and websocket
        # the trainer's page has followed the saves without a reload
        trainer.wait_for_selector("#tallennettu[data-files='2']", timeout=10_000)
        assert trainer.evaluate("window.notReloaded") is True
        shown = trainer.inner_text("#luokka")  # the class report: who saved which exercise
        assert "Anna Testi" in shown and "Harjoitus 2" in shown
        assert trainer.errors == [], trainer.errors
    finally:
        visit.close()
        trainer_visit.close()
    saved = {p.name.split("_")[1]: p.read_text(encoding="utf-8-sig")
             for p in (folder / "harjoitukset").glob("vastaukset_*.csv")}
    assert set(saved) == {"01", "02"}
    assert all("\nAnna Testi;" in text for text in saved.values())
