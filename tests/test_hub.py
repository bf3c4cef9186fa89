"""The classroom on JupyterHub: ``coachkit hub`` and the deployment files in ``deploy/jupyterhub``.

The browser tests start one trial hub for the module (JupyterHub, configurable-http-proxy,
a server per student) and drive it in Debian's Chromium as a class would: ``STUDENTS``
log in at once with the class password, each lands on the Finnish landing page of their
own server, opens Harjoitus 1 and gets every form; one student codes and saves, and the
coding is in the class folder where the trainer's report reads it.
"""

import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from benchmarks import browser as br

from coachkit import load_dataset
from coachkit.cli import main
from coachkit.teaching import hub
from coachkit.teaching.classreport import class_report

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "kevät-2026"
TRAINER = ("Kaisa Kouluttaja", "kouluttajan-oma-salasana-syksy-2026")
STUDENTS = ["Anna Mäkelä", "Bertta Öhman", "Cecilia Virtanen", "Daniel Åberg"]


def test_student_names_become_hub_users():
    assert [hub.hub_username(n) for n in STUDENTS] == [
        "anna-makela", "bertta-ohman", "cecilia-virtanen", "daniel-aberg"]
    assert hub.hub_username("anna  MÄKELÄ") == "anna-makela"  # the same student next time


def test_a_short_class_password_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["hub", "--password", "lyhyt", "--dir", str(tmp_path / "h")]) == 2
    err = capsys.readouterr().err
    assert "--password" in err and "8" in err and err.count("\n") == 1


def test_trial_config_is_the_shared_single_user_setup(tmp_path):
    pytest.importorskip("jupyterhub")
    if hub.proxy_command() is None:
        pytest.skip("configurable-http-proxy is not installed (make installs it with npm)")
    c = hub.trial_config(tmp_path, port=8123, password=PASSWORD)
    assert c.JupyterHub.ip == "127.0.0.1" and c.JupyterHub.hub_ip == "127.0.0.1"
    assert c.Spawner.default_url == hub.LANDING
    assert c.Spawner.notebook_dir == str(tmp_path / "luokka" / "{username}")
    assert f"--ServerApp.jpserver_extensions={hub.EXTENSION}=True" in c.Spawner.args
    assert "jupyterhub_idle_culler" in c.JupyterHub.services[0]["command"]
    assert "admin_users" not in c.Authenticator


def test_the_trainer_is_the_trial_hubs_admin_and_has_the_trainers_page(tmp_path):
    pytest.importorskip("jupyterhub")
    if hub.proxy_command() is None:
        pytest.skip("configurable-http-proxy is not installed (make installs it with npm)")
    c = hub.trial_config(tmp_path, port=8123, password=PASSWORD, trainer=TRAINER[0],
                         trainer_password=TRAINER[1])
    assert c.Authenticator.admin_users == {"kaisa-kouluttaja"}
    service = c.JupyterHub.services[-1]
    assert service["name"] == "opettaja" and service["url"].startswith("http://127.0.0.1:")
    assert service["command"][-2:] == ["coachkit.teaching.hubtrainer", str(tmp_path / "luokka")]
    assert {"name": "kouluttajat", "groups": ["kouluttajat"],
            "scopes": ["access:services!service=opettaja"]} in c.JupyterHub.load_roles
    with pytest.raises(ValueError, match="--trainer-password"):  # JupyterHub wants 32 for admins
        hub.trial_config(tmp_path, port=8123, password=PASSWORD, trainer="Kaisa",
                         trainer_password="lyhyt-salasana")


def _deploy_config():
    """What deploy/jupyterhub/jupyterhub_config.py sets (TLJH or any JupyterHub)."""
    from traitlets.config import Config

    c = Config()
    runpy.run_path(str(ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"),
                   init_globals={"c": c, "get_config": lambda: c})
    return c


def test_deploy_config_sets_what_the_trial_sets(tmp_path, monkeypatch):
    """``deploy/jupyterhub/jupyterhub_config.py`` loads on its own (no coachkit import in the
    hub's environment) and gives students the same server as the trial."""
    monkeypatch.setenv("COACHKIT_CLASS_DIR", str(tmp_path / "luokka"))
    c = _deploy_config()
    assert c.Spawner.default_url == hub.LANDING
    assert c.Spawner.notebook_dir == str(tmp_path / "luokka" / "{username}")
    assert f"--ServerApp.jpserver_extensions={hub.EXTENSION}=True" in c.Spawner.args
    assert c.Spawner.mem_limit == hub.MEMORY_LIMIT
    command = c.JupyterHub.services[0]["command"]
    assert "jupyterhub_idle_culler" in command and f"--timeout={hub.CULL_TIMEOUT}" in command
    assert "delete:servers" in c.JupyterHub.load_roles[0]["scopes"]
    trainer = next(s for s in c.JupyterHub.services if s["name"] == "opettaja")
    assert trainer["command"][-2:] == ["coachkit.teaching.hubtrainer", str(tmp_path / "luokka")]
    assert "kouluttajat" in c.JupyterHub.load_groups
    assert {"name": "kouluttajat", "groups": ["kouluttajat"],
            "scopes": ["access:services!service=opettaja"]} in c.JupyterHub.load_roles


def test_zero_to_jupyterhub_values_run_the_trainers_page_as_tljh_does(tmp_path, monkeypatch):
    """values.yaml (Helm, Kubernetes) sets up /services/opettaja/ as jupyterhub_config.py does:
    the same module, role and group, the class volume mounted read-only where the page reads
    it, and one port from the proxy to the hub's pod."""
    import yaml

    values = yaml.safe_load((ROOT / "deploy" / "jupyterhub" / "values.yaml").read_text("utf-8"))
    h = values["hub"]
    service = h["services"]["opettaja"]
    assert service["command"][-2:] == ["-m", "coachkit.teaching.hubtrainer"]
    assert service["oauth_no_confirm"] is True
    port = int(service["url"].rsplit(":", 1)[1])
    assert service["url"] == f"http://hub:{port}"
    assert service["environment"]["COACHKIT_TRAINER_IP"] == "0.0.0.0"
    # the class folder it reads is the students' volume, mounted read-only
    folder = service["environment"]["COACHKIT_CLASS_DIR"]
    mount = next(m for m in h["extraVolumeMounts"] if m["mountPath"] == folder)
    volume = next(v for v in h["extraVolumes"] if v["name"] == mount["name"])
    assert mount["readOnly"] is True
    assert volume["persistentVolumeClaim"]["claimName"] == values["singleuser"]["storage"][
        "static"]["pvcName"]
    # who may open it: the hub's admins and the group kouluttajat, as on TLJH
    monkeypatch.setenv("COACHKIT_CLASS_DIR", str(tmp_path / "luokka"))
    tljh = _deploy_config()
    tljh_role = next(r for r in tljh.JupyterHub.load_roles if r["name"] == "kouluttajat")
    assert {"name": "kouluttajat", **h["loadRoles"]["kouluttajat"]} == tljh_role
    assert h["loadRoles"]["kouluttajat"]["scopes"] == ["access:services!service=opettaja"]
    assert "kouluttajat" in h["config"]["JupyterHub"]["load_groups"]
    assert h["config"]["Authenticator"]["admin_users"]
    # the proxy (another pod) reaches the page on the hub's pod
    assert {"name": "opettaja", "port": port, "targetPort": port} in h["service"]["extraPorts"]
    assert [{"port": port}] in [rule["ports"] for rule in h["networkPolicy"]["ingress"]]
    egress = values["proxy"]["chp"]["networkPolicy"]["egress"]
    assert any({"port": port} in rule["ports"] and
               {"app": "jupyterhub", "component": "hub"} in
               [to["podSelector"]["matchLabels"] for to in rule["to"]] for rule in egress)
    # the hub's image has the kit (Dockerfile.hub installs it into the chart's hub image)
    dockerfile = (ROOT / "deploy" / "jupyterhub" / "Dockerfile.hub").read_text("utf-8")
    assert "k8s-hub" in dockerfile and "pip install" in dockerfile
    assert h["image"]["name"].endswith("coachkit-hub")


def test_trainers_page_listens_where_it_is_told(monkeypatch, tmp_path):
    """On Kubernetes the hub gives http://hub:10101 (a name for another address): the page
    listens on COACHKIT_TRAINER_IP; without it, on the host of the address as before."""
    from tornado import ioloop

    from coachkit.teaching import hubtrainer

    heard = []

    class App:
        def listen(self, port, host):
            heard.append((port, host))

    class Loop:
        def start(self):
            pass

    monkeypatch.setattr(hubtrainer, "make_app", lambda folder: App())
    monkeypatch.setattr(ioloop.IOLoop, "current", staticmethod(lambda: Loop()))
    monkeypatch.setenv("JUPYTERHUB_SERVICE_URL", "http://hub:10101")
    monkeypatch.setenv("COACHKIT_TRAINER_IP", "0.0.0.0")
    hubtrainer.main([str(tmp_path)])
    monkeypatch.delenv("COACHKIT_TRAINER_IP")
    monkeypatch.setenv("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10123")
    hubtrainer.main([str(tmp_path)])
    assert heard == [(10101, "0.0.0.0"), (10123, "127.0.0.1")]


# --- the trial hub in a browser -------------------------------------------------------------------

@pytest.fixture(scope="module")
def trial(tmp_path_factory):
    if hub.proxy_command() is None:
        pytest.skip("configurable-http-proxy is not installed (make installs it with npm)")
    # Import what the apps import once, so bytecode is compiled here and not in 4 kernels.
    subprocess.run([sys.executable, "-c", "import coachkit.dashboards, coachkit.teaching.forms, "
                    "seaborn, voila.app, jupyterhub.singleuser"], check=False, timeout=600)
    folder = tmp_path_factory.mktemp("hub") / "koulu"
    with br.hub_server(folder, PASSWORD, trainer=TRAINER) as url:
        yield url, folder / hub.CLASS_SUBDIR


def test_a_wrong_password_is_refused(trial, chrome):
    url, class_dir = trial
    page = br.new_page(chrome)
    br.hub_log_in(page, url, "Eemeli", "väärä-salasana", wait=False)
    page.wait_for_selector(".login_error", timeout=30_000)
    assert "salasana ei kelpaa" in page.inner_text(".login_error")
    assert "/hub/login" in page.url and not (class_dir / "eemeli").exists()
    page.close()


def test_a_class_logs_in_and_every_student_gets_every_form_and_a_saved_coding_reaches_the_trainer(
        trial, chrome):
    from coachkit.teaching.exercises import exercises_dir

    url, class_dir = trial
    expected = br.expected_forms(exercises_dir() / "01_koodaus.ipynb")
    assert expected >= 2
    pages = br.open_hub_class(chrome, url, STUDENTS, PASSWORD, "harjoitukset/01_koodaus.ipynb",
                              expected, timeout=900)
    try:
        users = [hub.hub_username(n) for n in STUDENTS]
        assert [p["user_url"] for p in pages] == [f"{url}user/{u}/" for u in users]
        assert [p["forms"] for p in pages] == [expected] * len(STUDENTS)
        assert [p["notice"] for p in pages] == [False] * len(STUDENTS)
        assert [p["errors"] for p in pages] == [[]] * len(STUDENTS)
        # The page asks whether its kernel is still there (every 20 s): the student's server
        # answers it (on the hub it wants the XSRF token), so a culled kernel would be told.
        pages[2]["page"].evaluate("window.coachkitCheckKernel()")
        pages[2]["page"].wait_for_timeout(3000)
        assert pages[2]["page"].errors == [] and not pages[2]["notice"]
        # Each student's server serves their own folder in the class folder.
        assert sorted(p.name for p in class_dir.iterdir()) == sorted(users)

        # Anna codes every excerpt of 1a and saves.
        page = pages[0]["page"]
        selects = page.locator(".widget-dropdown select",
                               has=page.locator("option", has_text="valitse koodi"))
        n = len(load_dataset("exercise_excerpts"))
        assert selects.count() == n
        for i in range(n):
            selects.nth(i).select_option(index=1 + i % 3)
        page.get_by_label("Nimesi (tiedoston nimeen):").fill("Anna Mäkelä")
        page.get_by_label("Nimesi (tiedoston nimeen):").press("Tab")  # sent when the box is left
        page.get_by_role("button", name="Tallenna koodaus").click()
        page.get_by_text("Tallennettu:").wait_for(timeout=60_000)
        saved = list(class_dir.glob("*/harjoitukset/koodaus_*.csv"))
        assert [p.relative_to(class_dir).parts[0] for p in saved] == ["anna-makela"]

        # The trainer's report reads the class folder with every student's subfolder.
        report = class_report(class_dir).to_dict()["coding"]
        assert report["students"] == 1 and report["excerpts"] == n

        # Bertta's browser may not read Anna's server (nor her files).
        other = pages[1]["page"]
        response = other.goto(f"{url}user/anna-makela/files/harjoitukset/{saved[0].name}")
        assert response.status == 403 or "/user/anna-makela/" not in other.url
        assert "Anna Mäkelä" not in other.content()

        # The trainer's page on the hub (a hub service) shows the class with Anna's coding …
        trainer = br.new_page(chrome)
        trainer.goto(f"{url}hub/login?next=/services/opettaja/")
        trainer.fill("#username_input", TRAINER[0])
        trainer.fill("#password_input", TRAINER[1])
        trainer.click("#login_submit")
        trainer.wait_for_selector('#tallennettu[data-codings="1"]', timeout=60_000)
        assert trainer.url.startswith(f"{url}services/opettaja/")
        assert "Kouluttajan näkymä" in trainer.inner_text("h1")
        assert trainer.errors == []
        workbook = trainer.request.get(f"{url}services/opettaja/luokka.xlsx")
        assert workbook.ok and workbook.body()[:2] == b"PK"
        pooled = trainer.request.get(f"{url}services/opettaja/koodaus.csv")
        assert pooled.ok and pooled.text().count("\n") >= n
        trainer.close()
        # … and a student is refused it; nor may a student log in as the trainer with the
        # class password.
        response = other.goto(f"{url}services/opettaja/")
        assert response.status == 403 and "Kouluttajan näkymä" not in other.content()
        assert other.request.get(f"{url}services/opettaja/tiedot").status == 403
        intruder = br.new_page(chrome)
        br.hub_log_in(intruder, url, TRAINER[0], PASSWORD, wait=False)
        intruder.wait_for_selector(".login_error", timeout=30_000)
        intruder.close()
    finally:
        for p in pages:
            p["page"].close()


def test_a_students_page_gets_the_widget_managers_that_wait_for_the_kernel(trial, chrome):
    """The student's server serves the classroom's widget managers, which wait
    WIDGET_STATES_TIMEOUT s (not ipywidgets' 4 s) for the kernel's widget states."""
    import re

    from jupyterlab_server.config import get_federated_extensions
    from voila.utils import get_voila_labextensions_path

    from coachkit.teaching.classroom import WIDGET_MANAGERS, WIDGET_STATES_TIMEOUT

    url, _ = trial
    installed = get_federated_extensions(get_voila_labextensions_path())
    page = br.new_page(chrome)
    br.hub_log_in(page, url, STUDENTS[0], PASSWORD)
    user = f"{url}user/{hub.hub_username(STUDENTS[0])}/"
    served = []
    for name in WIDGET_MANAGERS:
        if name not in installed:
            continue
        for js in sorted(Path(installed[name]["ext_path"], "static").glob("*.js")):
            if "Control comm did not respond in time" not in js.read_text(encoding="utf-8"):
                continue
            text = page.request.get(f"{user}voila/labextensions/{name}/static/{js.name}").text()
            served.append(re.findall(r'Control comm did not respond in time"\)+,(\w+)\)', text))
    page.close()
    assert served and all(w == [str(WIDGET_STATES_TIMEOUT * 1000)] for w in served)
