"""The classroom for a whole class, without a browser: pools, landing page, notices, file names.

The browser half (8 pages at once, a pre-heated page, the notices shown) is in
``test_browser.py``; the load figures in ``python -m coachkit.bench classroom --students 20``.
"""

import json
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
    from coachkit.notebooks import notebooks_dir
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


def test_every_app_page_carries_the_finnish_notices(tmp_path):
    cr.prepare(tmp_path)
    template = (tmp_path / ".jupyter/voila/templates" / cr.TEMPLATE / "index.html.j2").read_text()
    assert "coachkit-notice" in template
    for text in (cr.FAILED, cr.GONE, cr.OFFLINE):
        assert json.dumps(text, ensure_ascii=False) in template
        assert "F5" in text and "uudelleen" in text
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
    assert len(list(tmp_path.iterdir())) == 4
    monkeypatch.delenv("VOILA_KERNEL_ID")  # outside the classroom (JupyterLab): the name alone
    assert save_coding(codes, "Anna", tmp_path).name == "koodaus_Anna.csv"


def test_theme_waits_for_pyplot_so_a_page_of_forms_does_not_load_seaborn():
    code = ("import sys, coachkit as ck; ck.set_theme(); "
            "print('seaborn' in sys.modules, 'scipy' in sys.modules); "
            "import matplotlib.pyplot as plt; "
            "print('seaborn' in sys.modules, plt.rcParams['axes.grid'], "
            "plt.rcParams['axes.facecolor'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"MPLBACKEND": "Agg", "PYTHONPATH": ":".join(sys.path)})
    assert out.stdout.split() == ["False", "False", "True", "True", "white"]


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
