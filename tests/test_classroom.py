"""The classroom for a whole class, without a browser: pools, landing page, notices, file names.

The browser half (8 pages at once, a pre-heated page, the notices shown) is in
``test_browser.py``; the load figures in ``python -m benchmarks.bench classroom --students 20``.
"""

import http.client
import json
import re
import subprocess
import sys

import pytest

from coachkit.cli import main
from coachkit.teaching import classroom as cr
from coachkit.teaching.forms import save_answers, save_coding

pytest.importorskip("voila")

APPS = cr.app_paths()


class FakeManager:
    """What ClassPlan reads from the running kernel manager."""

    def __init__(self, taken=(), ready=0):
        self.taken = {"harjoitukset/01_koodaus.ipynb": set(taken)}
        self.ready = ready

    def ready_count(self, app):
        return self.ready

    def list_kernel_ids(self):
        return [*self.taken["harjoitukset/01_koodaus.ipynb"], *range(self.ready)]


def test_every_app_is_listed_exercises_first():
    from coachkit.display.notebooks import notebooks_dir
    from coachkit.teaching.exercises import exercises_dir

    n_exercises = len(list(exercises_dir().glob("*.ipynb")))
    assert len(APPS) == n_exercises + len(list(notebooks_dir().glob("*.ipynb")))
    assert APPS[0] == "harjoitukset/01_koodaus.ipynb"
    assert all(a.startswith("harjoitukset/") for a in APPS[:n_exercises])


def test_the_opened_exercise_gets_a_pool_of_the_class_and_the_others_none():
    plan = cr.plan_pools(APPS, students=20, open_=["01"])
    assert plan.targets == {"harjoitukset/01_koodaus.ipynb": 20}
    assert plan.target("harjoitukset/02_tahdet.ipynb") == 0
    assert cr.plan_pools(APPS, students=20).targets == {}  # nothing named: no idle kernels


def test_the_pool_is_topped_up_only_to_what_the_class_still_needs():
    plan = cr.plan_pools(APPS, students=20, open_=["01"])
    app = "harjoitukset/01_koodaus.ipynb"
    assert plan.target(app) == 20
    plan.manager = FakeManager(taken=range(15))
    assert plan.target(app) == 5
    plan.manager = FakeManager(taken=range(20))
    assert plan.target(app) == cr.SPARE  # reloads and late arrivals
    plan.manager = FakeManager(taken=range(25))
    assert plan.target(app) == cr.SPARE
    assert cr.plan_pools(APPS, students=1, open_=["01"]).spare == 1


def test_ready_once_every_pool_is_full_and_stays_ready():
    plan = cr.plan_pools(APPS, students=3, open_=["01"])
    plan.manager = FakeManager(ready=1)
    status = plan.status()
    assert not status["ready"]
    assert status["apps"]["harjoitukset/01_koodaus.ipynb"] == {"ready": 1, "target": 3, "in_use": 0}
    plan.manager = FakeManager(ready=3)
    assert plan.status()["ready"]
    plan.manager = FakeManager(ready=0, taken=["a"])  # a page taken, the pool refilling
    assert plan.status()["ready"]


@pytest.mark.parametrize(("name", "message"), [("99", "fits no app"), ("0", "fits several apps"),
                                               (" ", "fits")])
def test_an_unknown_or_ambiguous_app_is_one_clear_error(name, message):
    with pytest.raises(ValueError, match=message) as info:
        cr.plan_pools(APPS, open_=[name])
    assert "01_koodaus" in str(info.value) and "\n" not in str(info.value)


def test_a_class_needs_a_student():
    with pytest.raises(ValueError, match="at least one"):
        cr.plan_pools(APPS, students=0, open_=["01"])


def test_cli_refuses_an_unknown_app_before_writing_anything(tmp_path, capsys):
    folder = tmp_path / "luokka"
    assert main(["classroom", "--dir", str(folder), "--open", "99"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--open 99" in err[0]
    assert not folder.exists()


def test_landing_page_says_in_finnish_whether_the_class_can_come_in(tmp_path):
    sections = cr.prepare(tmp_path)
    links = [(h, [("/" + u, t) for u, t in e]) for h, e in sections]
    waiting = {"ready": False, "kernels": 4,
               "apps": {"harjoitukset/01_koodaus.ipynb": {"ready": 4, "target": 20, "in_use": 0}}}
    page = cr.landing_page(links, waiting)
    assert "Luokkahuone valmistuu" in page and "4/20 sivua valmiina" in page
    assert 'http-equiv="refresh"' in page  # it updates itself while the trainer waits
    assert "Harjoitus 1" in page
    ready = {**waiting, "ready": True,
             "apps": {"harjoitukset/01_koodaus.ipynb": {"ready": 20, "target": 20, "in_use": 0}}}
    page = cr.landing_page(links, ready)
    assert "Luokkahuone on valmis" in page and "20 sivua avautuu heti" in page
    assert "refresh" not in page
    one = {**ready, "apps": {"harjoitukset/01_koodaus.ipynb": {"ready": 1, "target": 1,
                                                                "in_use": 0}}}
    page = cr.landing_page(links, one)
    assert "1 sivu avautuu heti" in page and "1 sivua" not in page


def test_every_app_page_carries_the_finnish_notices(tmp_path):
    cr.prepare(tmp_path)
    template = (tmp_path / ".jupyter/voila/templates" / cr.TEMPLATE / "index.html.j2").read_text()
    assert "coachkit-notice" in template
    for text in (cr.FAILED, cr.GONE, cr.OFFLINE):
        assert json.dumps(text, ensure_ascii=False) in template
        assert "F5" in text and "uudelleen" in text
    # a notice that asks for a reload says how the saved answers come back, by the button's name
    from coachkit.teaching.forms import tallennus

    button = tallennus("01_koodaus", tmp_path).restore_button.description
    assert f"paina {button}" in cr.GONE and f"paina {button}" in cr.FAILED
    # the English error text of a failed cell is hidden behind the notice
    assert 'data-mime-type="application/vnd.jupyter.stderr"' in template


def test_two_students_with_the_same_name_keep_their_own_files(tmp_path, monkeypatch):
    codes = {"k1": "tasa_arvo", "k2": "osallisuus"}
    monkeypatch.setenv("VOILA_KERNEL_ID", "3f9a2c41-0000-4000-8000-000000000001")
    first = save_coding(codes, "Anna", tmp_path)
    answers_first = save_answers("01_koodaus", "Anna", tmp_path)
    monkeypatch.setenv("VOILA_KERNEL_ID", "81b0de77-0000-4000-8000-000000000002")
    second = save_coding(codes, "Anna", tmp_path)
    answers_second = save_answers("01_koodaus", "Anna", tmp_path)
    assert first.name == "koodaus_Anna_3f9a2c.csv" and second.name == "koodaus_Anna_81b0de.csv"
    assert answers_first != answers_second
    assert len(list(tmp_path.glob("[kv]*"))) == 4  # and each page's form values beside them
    assert len(list(tmp_path.glob(".tila_*.json"))) == 2
    monkeypatch.delenv("VOILA_KERNEL_ID")  # outside the classroom (JupyterLab): the name alone
    assert save_coding(codes, "Anna", tmp_path).name == "koodaus_Anna.csv"


def test_a_page_of_forms_loads_neither_pyplot_nor_seaborn(tmp_path):
    """Exercise 1 draws nothing: its kernel stays without pyplot, seaborn and scipy (memory)."""
    import nbformat

    from coachkit.teaching.exercises import exercises_dir

    nb = nbformat.read(exercises_dir() / "01_koodaus.ipynb", as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code"
             and not set(c.metadata.get("tags", [])) & set(cr.CODE_PATH_TAGS)]
    code = "\n".join([*cells, "import sys",
                      "print(*(m in sys.modules for m in "
                      "('matplotlib.pyplot', 'seaborn', 'scipy', 'statsmodels')))"])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=tmp_path, env={"MPLBACKEND": "Agg", "PYTHONPATH": ":".join(sys.path)})
    assert out.stdout.split()[-4:] == ["False"] * 4


def test_the_pool_is_not_refilled_while_a_page_is_still_loading(tmp_path, monkeypatch):
    """A kernel prepared while pages connect competes with them: the refill waits until
    every page given a kernel has connected (and no page opened for ``fill_delay`` s)."""
    import asyncio
    import time

    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from traitlets.config import Configurable
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    class Server(Configurable):  # what Voilà's kernel manager reads from its parent
        root_dir = str(tmp_path)
        notebook_path = None

    app = "harjoitukset/01_koodaus.ipynb"
    plan = cr.plan_pools(APPS, students=3, open_=["01"])
    manager_class = cr._pool_manager_factory(voila_kernel_manager_factory, plan)(
        AsyncMappingKernelManager, True, 0)
    started = []

    def start_one(self, delay=None, notebook_name=None, **kwargs):  # Voilà's: starts a kernel
        started.append(notebook_name)
        rendered, kernel = asyncio.Future(), asyncio.Future()
        rendered.set_result(None)
        kernel.set_result({"task": rendered})
        self._pools[notebook_name].append(kernel)

    monkeypatch.setattr(manager_class.__mro__[1], "fill_if_needed", start_one)

    async def run():
        m = manager_class(parent=Server(), fill_delay=0.2)
        m._pools[app] = []
        m._last_page = time.monotonic() - 10  # quiet for long enough …
        m._given["kernel-of-a-loading-page"] = time.monotonic()  # … but a page is loading
        task = asyncio.ensure_future(m._fill(app, wait_quiet=True))
        await asyncio.sleep(0.6)
        assert started == [] and m.pages_loading() == 1
        m.notify_connect("kernel-of-a-loading-page")  # the page is there; quiet again after 0.2 s
        await asyncio.sleep(0.6)
        task.cancel()
        assert started and m.pages_loading() == 0

    asyncio.run(run())


# -- the door: class code, trainer code, Host and Origin, pages per client -------------------------

CODE = "testikoodi-1"
ALLOWED = "luokka.example"
TINY = "zz_pieni.ipynb"


def _lan_address():
    """An address of this machine that is not loopback (students' laptops reach it), or None."""
    addresses = cr._lan_addresses()
    return addresses[0] if addresses else None


@pytest.fixture(scope="module")
def door(tmp_path_factory):
    """One classroom listening beyond this machine, with a class code and a cap of 2 pages."""
    import nbformat
    from benchmarks import browser as br

    folder = tmp_path_factory.mktemp("ovi") / "classroom"
    with br.classroom_server(folder, args=["--ip", "0.0.0.0", "--code", CODE, "--max-pages", "2",
                                           "--allow-host", ALLOWED]) as url:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Pieni sivu")])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nbformat.write(nb, folder / "harjoitukset" / TINY)
        url.folder = folder
        yield url


def _request(url, path, *, headers=None, host="127.0.0.1", method="GET"):
    """(status, headers, body) of one request to the classroom at ``host`` (Host header free)."""
    import http.client

    conn = http.client.HTTPConnection(host, url.port, timeout=60)
    try:
        conn.request(method, path, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.headers, r.read().decode("utf-8", "replace")
    finally:
        conn.close()


KERNEL = "/api/kernels/3f9a2c41-0000-4000-8000-000000000001"
WEBSOCKET = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
             "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
EVERYWHERE = ["/", "/index.html", "/tila", "/voila/static/voila.js",
              "/voila/templates/lab/static/voila.js", f"/voila/render/harjoitukset/{TINY}",
              "/voila/tree", KERNEL, "/voila/api/shutdown/x", "/ei-ole-olemassa"]


@pytest.mark.parametrize("where", ["loopback", "lan"])
def test_without_the_class_code_nothing_opens_whatever_the_address(door, where):
    host = "127.0.0.1" if where == "loopback" else _lan_address()
    if host is None:
        pytest.skip("this machine has no address beyond loopback")
    for path in EVERYWHERE:
        status, _, body = _request(door, path, host=host)
        assert status == 403, path
        assert "luokan koodi" in body
    status, _, _ = _request(door, KERNEL + "/channels", host=host, headers=WEBSOCKET)
    assert status == 403
    status, _, body = _request(door, "/?token=vaarin-koodi", host=host)
    assert status == 403 and "Koodi ei kelpaa" in body


def test_the_kept_codes_are_not_served_to_students(door):
    """The classroom keeps its codes in its folder (.koodit.json): no address serves that file,
    not even to a student with the class code (it holds the trainer's code)."""
    assert (door.folder / ".koodit.json").is_file()
    for path in ["/voila/files/.koodit.json", "/.koodit.json", "/files/.koodit.json",
                 "/voila/static/../.koodit.json", "/api/contents/.koodit.json"]:
        status, _, body = _request(door, path + f"?token={CODE}")
        assert status in (403, 404), path
        assert "trainer" not in body


def test_the_code_once_lets_the_rest_of_the_visit_in(door):
    status, headers, body = _request(door, f"/?token={CODE}")
    assert status == 200 and "Harjoitus 1" in body
    cookie = headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and CODE not in cookie
    visit = {"Cookie": cookie.split(";", 1)[0]}
    assert _request(door, "/tila", headers=visit)[0] == 200
    assert _request(door, "/voila/static/voila.js", headers=visit)[0] == 200
    assert _request(door, "/tila", headers={"Authorization": f"token {CODE}"})[0] == 200  # scripts
    assert _request(door, "/tila", headers={"Cookie": visit["Cookie"][:-2] + "00"})[0] == 403


def test_the_server_prints_the_students_address_with_the_code_and_the_trainers_apart(door):
    lan = _lan_address()
    if lan is not None:
        assert f"http://{lan}:{door.port}/?token={CODE}" in door.printed
    assert door.code == CODE
    assert door.trainer_code and door.trainer_code != CODE and len(door.trainer_code) >= 16
    assert f"/opettaja?token={door.trainer_code}" in door.printed


def test_the_landing_page_shows_the_join_address_as_a_qr_code_on_the_projector(door):
    import re

    _, _, page = _request(door, f"/?token={CODE}")  # the trainer's machine
    shown = re.search(r'<code id="liity-osoite"[^>]*>(.*?)</code>', page).group(1)
    join = re.sub(r"<[^>]+>", "", shown)  # break points (<wbr>) and the unbroken code
    assert join.endswith(f":{door.port}/?token={CODE}")
    svg = re.search(r"<svg[^>]*class=\"qr\".*?</svg>", page, re.S).group(0)
    assert f"<title>{join}</title>" in svg and "http" not in svg.split("</title>", 1)[1]
    assert "<script src=" not in page and "https://" not in page  # nothing from the network
    lan = _lan_address()
    if lan is not None:  # a student's laptop gets the links without the projector's QR code
        _, _, page = _request(door, f"/?token={CODE}", host=lan)
        assert "<svg" not in page and "Harjoitus 1" in page


def test_the_trainers_page_needs_the_trainers_own_code(door):
    import json

    assert _request(door, f"/opettaja?token={CODE}")[0] == 403
    status, headers, _ = _request(door, f"/?token={CODE}")
    student = {"Cookie": headers["Set-Cookie"].split(";", 1)[0]}
    assert _request(door, "/opettaja", headers=student)[0] == 403
    assert _request(door, "/opettaja/tiedot", headers=student)[0] == 403
    status, headers, page = _request(door, f"/opettaja?token={door.trainer_code}")
    assert status == 200 and "/opettaja/tiedot" in page and "setInterval" in page
    trainer = {"Cookie": headers["Set-Cookie"].split(";", 1)[0]}
    status, _, body = _request(door, "/opettaja/tiedot", headers=trainer)
    assert status == 200 and "Tallennettu:" in json.loads(body)["html"]
    status, _, page = _request(door, "/", headers=trainer)  # the trainer's code opens every page
    assert status == 200 and 'id="opettaja"' in page


def test_the_trainer_downloads_the_whole_class_with_the_trainers_code_only(door):
    """The workbook and the pooled coding, made on request: the class code gets 403."""
    import io

    import openpyxl

    folder = door.folder / "harjoitukset"
    save_coding({"H1-01": "asiantuntijuus", "H1-02": "prosessi"}, "Lataus Anna", folder)
    save_coding({"H1-01": "asiantuntijuus", "H1-02": "suunnitelmallisuus"}, "Lataus Ville",
                folder)
    save_answers("02_tahdet", "Lataus Anna", folder)
    before = sorted(p.name for p in door.folder.rglob("*"))
    _, headers, _ = _request(door, f"/?token={CODE}")
    student = {"Cookie": headers["Set-Cookie"].split(";", 1)[0]}
    _, headers, page = _request(door, f"/opettaja?token={door.trainer_code}")
    trainer = {"Cookie": headers["Set-Cookie"].split(";", 1)[0]}
    links = dict(re.findall(r'<a href="/opettaja/([a-z_.]+)" download>([^<]+)</a>', page))
    assert set(links) == {"luokka.xlsx", "koodaus.csv"}
    for name in links:
        assert _request(door, f"/opettaja/{name}", headers=student)[0] == 403
        assert _request(door, f"/opettaja/{name}?token={CODE}")[0] == 403
    conn = http.client.HTTPConnection("127.0.0.1", door.port, timeout=60)
    got = {}
    for name in links:
        conn.request("GET", f"/opettaja/{name}", headers=trainer)
        r = conn.getresponse()
        got[name] = (r.status, r.headers, r.read())
    conn.close()
    status, headers, data = got["luokka.xlsx"]
    assert status == 200 and headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert re.fullmatch(r'attachment; filename="luokka_\d{4}-\d\d-\d\d\.xlsx"',
                        headers["Content-Disposition"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert "Harjoitus 2" in book.sheetnames
    rows = list(book["Harjoitus 2"].iter_rows(values_only=True))
    assert rows[0][0] == "Opiskelija" and [r[0] for r in rows[1:]] == ["Lataus Anna"]
    pooled = [r for r in book[book.sheetnames[0]].iter_rows(values_only=True)]
    assert {"Lataus Anna", "Lataus Ville"} <= set(pooled[0])
    status, headers, data = got["koodaus.csv"]
    assert status == 200 and "attachment;" in headers["Content-Disposition"]
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "segment_id;coder;code;Opiskelija;Koodin nimi" and len(lines) == 5
    assert any(line.startswith("H1-02;") and ";Lataus Ville;" in line for line in lines)
    assert _request(door, "/opettaja/muu.xlsx", headers=trainer)[0] == 404
    assert sorted(p.name for p in door.folder.rglob("*")) == before  # nothing written


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "localhost.evil.example",
                                  "127.0.0.1.evil.example"])
def test_a_foreign_host_name_is_refused_even_with_the_code(door, host):
    status, _, body = _request(door, f"/?token={CODE}", headers={"Host": host})
    assert status == 403 and "--allow-host" in body


def test_own_names_and_allowed_names_are_accepted(door):
    import socket

    for host in (f"localhost:{door.port}", f"127.0.0.1:{door.port}", f"[::1]:{door.port}",
                 f"{ALLOWED}:{door.port}", f"{socket.gethostname()}:{door.port}"):
        assert _request(door, f"/?token={CODE}", headers={"Host": host})[0] == 200, host


def test_a_websocket_from_another_site_is_refused(door):
    origin = {"Origin": "http://evil.example", "Authorization": f"token {CODE}"}
    status, _, _ = _request(door, KERNEL + "/channels", headers={**WEBSOCKET, **origin})
    assert status == 403
    own = {"Origin": f"http://127.0.0.1:{door.port}", "Authorization": f"token {CODE}"}
    status, _, _ = _request(door, KERNEL + "/channels", headers={**WEBSOCKET, **own})
    assert status == 404  # past the door: the kernel does not exist


@pytest.mark.parametrize("path", ["/voila/templates/foo", "/voila/templates/lab/x/y",
                                  "/voila/templates/lab/static/../../x",
                                  "/voila/templates/..%2f/static/x", "/voila/templates/lab",
                                  "/voila/templates/lab/static/"])
def test_a_malformed_template_address_is_not_found_not_a_server_error(door, path):
    assert _request(door, f"{path}?token={CODE}")[0] == 404


def test_one_client_holds_a_limited_number_of_pages_with_a_finnish_message(door):
    lan = _lan_address()
    if lan is None:
        pytest.skip("this machine has no address beyond loopback")
    page = f"/voila/render/harjoitukset/{TINY}?token={CODE}"
    assert [_request(door, page, host=lan)[0] for _ in range(2)] == [200, 200]
    status, _, body = _request(door, page, host=lan)
    assert status == 429
    assert "2 sivua auki" in body and "Sulje välilehdet" in body
    assert _request(door, page)[0] == 200  # the trainer's own machine is not capped


def test_the_console_has_no_english_warnings_for_each_page_a_student_opens(door):
    """Each page opened printed Voilà's "Notebook … is not trusted" and the kernel's
    "Kernel is running over TCP without encryption" among the Finnish lines."""
    import time

    log = door.folder.parent / "classroom.log"
    before = len(log.read_text(encoding="utf-8", errors="replace"))
    assert _request(door, f"/voila/render/harjoitukset/{TINY}?token={CODE}")[0] == 200
    time.sleep(2)  # the kernel's own start-up lines
    printed = log.read_text(encoding="utf-8", errors="replace")[before:]
    assert "not trusted" not in printed and "without encryption" not in printed, printed
    assert "Luokan koodi:" in door.printed and "Kouluttajan sivu" in door.printed


def test_cli_refuses_a_bad_code_before_writing_anything(tmp_path, capsys):
    folder = tmp_path / "luokka"
    assert main(["classroom", "--dir", str(folder), "--code", "abc"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--code" in err[0]
    assert not folder.exists()


def test_the_landing_pages_qr_code_is_whole_on_a_1280x800_projector(tmp_path):
    """The trainer shows the landing page on the projector: the whole QR code (with its
    quiet zone) must be on the first screen at 1280 × 800, or phones cannot read it — with
    the name bar, the title and a status line for each of three prepared apps above it."""
    from benchmarks import browser as br

    chromium = br.find_chromium()
    if chromium is None:
        pytest.skip("no Chromium: the Makefile's set-up installs Debian's 'chromium'")
    pytest.importorskip("playwright")
    sections = cr.prepare(tmp_path)
    links = [(h, [("/" + u, t) for u, t in e]) for h, e in sections]
    apps = {f"harjoitukset/{a}.ipynb": {"ready": 25, "target": 25, "in_use": 0}
            for a in ("01_koodaus", "02_tahdet", "03_saturaatio")}
    page_html = cr.landing_page(links, {"ready": True, "kernels": 75, "apps": apps},
                                join="http://192.168.10.23:8866/?token=k2x9mq7w")
    with br.browser(chromium) as b:
        page = br.new_page(b, width=1280, height=800)
        page.set_content(page_html)
        box = page.locator("#liity svg").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 800, box
    assert box["width"] >= 300, box  # still large enough to read from the back of the room


def test_the_join_address_breaks_only_between_its_parts_on_a_narrow_column(tmp_path):
    """On a phone-wide column the address wrapped in the middle of the class code
    (``word-break: break-all``); a student typing it then reads two halves.  It may break
    after a '/' or before the '?', and the code stays on one line, on both pages."""
    from benchmarks import browser as br

    chromium = br.find_chromium()
    if chromium is None:
        pytest.skip("no Chromium: the Makefile's set-up installs Debian's 'chromium'")
    pytest.importorskip("playwright")
    join = "http://192.168.100.123:8866/?token=k2x9mq7wab3c"
    pages = {"landing": cr.landing_page([], {"ready": True, "kernels": 0, "apps": {}}, join=join),
             "trainer": cr.trainer_page(join)}
    lines_of = """() => {  // the top of each character of the address, in order
        const tops = [];
        const walk = document.createTreeWalker(document.getElementById('liity-osoite'),
                                               NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            for (let i = 0; i < n.length; i++) {
                const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
                tops.push(Math.round(r.getBoundingClientRect().top));
            }
        }
        return tops; }"""
    with br.browser(chromium) as b:
        for name, html_text in pages.items():
            page = br.new_page(b, width=300, height=800)
            page.set_content(html_text)
            tops = page.evaluate(lines_of)
            assert len(tops) == len(join), name
            query = join.index("?")
            assert len(set(tops)) > 1, name  # the column is too narrow for one line
            assert len(set(tops[query:])) == 1, (name, tops)  # '?token=<code>' unbroken
            for i in range(1, len(join)):  # every other line starts after a '/' or at the '?'
                if tops[i] != tops[i - 1]:
                    assert join[i - 1] == "/" or join[i] == "?", (name, join[:i])
            page.close()


def test_trainer_page_says_one_student_and_one_coding_in_the_singular(tmp_path):
    """The first save of a class is on the projector: '1 opiskelija', '1 koodaus' (not
    '1 opiskelijaa', '1 koodausta')."""
    from coachkit.datasets import load_dataset

    ref = load_dataset("exercise_reference")
    save_coding(dict(zip(ref["segment_id"], ref["reference_code"], strict=True)), "Anna",
                tmp_path)
    shown = re.sub(r"<[^>]+>", " ", cr.trainer_view(tmp_path)["html"])
    assert "1 koodaus," in shown and "0 vastaustiedostoa" in shown
    assert "1 opiskelija," in shown and "1 opiskelijaa" not in shown
    assert "12 katkelmaa" in shown


def test_the_last_address_the_console_prints_opens_the_classroom(tmp_path):
    """Voilà ends the start-up lines with "Voilà is running at: <address>": its own guess
    (http://<host name>:<port>/, no class code) is refused by the classroom, yet it is the
    last link a trainer sees in the console. It is the class's address with the code."""
    from benchmarks.browser import free_port

    port = free_port()
    app = cr.make_app(tmp_path / "luokka", port=port, ip="0.0.0.0", students=1)
    assert app.gate.class_code
    assert app.display_url == f"http://127.0.0.1:{port}/?token={app.gate.class_code}"
    assert app.gate.host_allowed(f"127.0.0.1:{port}")
