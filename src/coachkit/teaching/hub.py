"""The classroom on JupyterHub: a server per student, one class folder, ``coachkit hub``.

JupyterHub does what a class beyond one laptop needs (log-in, a server per user behind one
proxy, idle servers stopped); the kit adds only what its classroom is, inside each student's
own server (a Jupyter Server extension, enabled by the hub's ``Spawner.args``):

* the student's folder in the class folder is their server's root:
  ``<luokka>/<user>/harjoitukset/…`` and ``…/muistikirjat/…`` are the apps (copied by
  :func:`coachkit.teaching.classroom.prepare`) and what the student saves lands beside them;
* the Finnish landing page at ``<server>/luokka`` (the spawner's ``default_url``), and the apps
  as Voilà serves them inside the same server (``<server>/voila/render/harjoitukset/…``) with
  the classroom's template, notices, timeouts and kernel culling
  (:func:`coachkit.teaching.classroom.voila_settings`).

So the trainer reads the whole class by reading the class folder: every student's saved files
are in their own subfolder.  The live trainer's page is a hub service at
``/services/opettaja/`` (:func:`trainer_service`, :mod:`coachkit.teaching.hubtrainer`) that
only the hub's admins and the group ``kouluttajat`` open; ``coachkit class report <luokka>``
reads the same folder.  Who may read what is the
file system's business on a real hub (``deploy/jupyterhub/``: a system user or a pod per
student, the trainer's group or mount reads all).

``coachkit hub --port P --password WORD --dir D`` is the trial on one machine (127.0.0.1):
JupyterHub with :class:`ClassPasswordAuthenticator` (any name, the class password),
``SimpleLocalProcessSpawner`` (no system users: every server runs as the user who started
the hub), ``configurable-http-proxy`` from npm, ``jupyterhub-idle-culler`` and the trainer's
page as hub services, and the class folder ``D/luokka``; ``--trainer NAME`` makes NAME the
hub's admin, who logs in with the trainer's own password.  It separates students by URL
only: a server serves its own folder, but anyone with the class password can log in under
any name (except the trainer's), and the servers share one system user.  Memory limits are
not enforced by the local spawner (they are on
The Littlest JupyterHub and on Kubernetes).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import socket
import sys
import unicodedata
from hmac import compare_digest
from pathlib import Path

#: the student's landing page inside their own server (``Spawner.default_url``)
LANDING = "/luokka"
#: this module is the single-user server extension the hub enables
EXTENSION = __name__
#: the class folder under ``coachkit hub --dir D``
CLASS_SUBDIR = "luokka"
#: a server without activity for this many seconds is stopped (jupyterhub-idle-culler)
CULL_TIMEOUT = 3600
#: memory per student's server (kernels included) on hubs that enforce it
MEMORY_LIMIT = "1G"
TEMPLATES = Path(__file__).with_name("hub_templates")
MIN_PASSWORD = 8  # JupyterHub's SharedPasswordAuthenticator refuses shorter ones
MIN_TRAINER_PASSWORD = 32  # … and shorter admin passwords


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hub_username(name: str) -> str:
    """A student's name as a JupyterHub user name: lower case, a–z, 0–9 and ``-`` only.

    The name is what the student typed at log-in; the same name always gives the same user
    (and the same folder), so a student who logs in again finds their work.

    >>> hub_username("  Anna-Liisa Mäkelä "), hub_username("ÅSA  ö."), hub_username("../")
    ('anna-liisa-makela', 'asa-o', '')
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:32].strip("-")


@functools.cache
def _authenticator_class():
    from jupyterhub.authenticators.shared import SharedPasswordAuthenticator

    class ClassPasswordAuthenticator(SharedPasswordAuthenticator):
        """JupyterHub's shared password, with students' names made hub user names.

        Any name logs in with the class password (``user_password``, any characters), a
        wrong password is refused; the name is normalised by :func:`hub_username` (``Mäkelä`` → ``makela``),
        and a name with no letter or digit is refused.  The trainer (``admin_users``) logs in
        with the trainer's password (``admin_password``) only, never with the class password,
        and is the hub's admin.
        """

        def normalize_username(self, username):
            return hub_username(username)

        async def authenticate(self, handler, data):
            # JupyterHub 5–6 compares str passwords with hmac.compare_digest, which raises on
            # non-ASCII text (a 500 for "kevät-2026"); bytes compare fine, in constant time.
            password = (data.get("password") or "").encode("utf-8")
            name = self.normalize_username(data["username"])
            trainer = name in self.admin_users
            wanted = self.admin_password if trainer else self.user_password
            if wanted and compare_digest(password, wanted.encode("utf-8")):
                return {"name": name, "admin": trainer}
            return None

        def validate_username(self, username):
            return bool(username) and super().validate_username(username)

    return ClassPasswordAuthenticator


def __getattr__(name):
    # JupyterHub imports the authenticator by name; jupyterhub's log-in machinery is imported
    # only then, not in every student's server that loads this module as its extension.
    if name == "ClassPasswordAuthenticator":
        return _authenticator_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def proxy_command() -> str | None:
    """``configurable-http-proxy``: the kit's own copy (``make`` installs it with npm under
    ``.venv/node_modules``), else one on the PATH."""
    local = Path(sys.prefix, "node_modules", ".bin", "configurable-http-proxy")
    if local.exists():
        return str(local)
    return shutil.which("configurable-http-proxy")


def trial_config(folder, *, port: int, password: str, hub_port: int | None = None,
                 proxy_api_port: int | None = None, cull_timeout: int = CULL_TIMEOUT,
                 trainer: str | None = None, trainer_password: str | None = None):
    """The JupyterHub configuration of the local trial (a traitlets ``Config``).

    ``folder`` holds the class folder (``luokka/``), the students' home folders (``kodit/``)
    and the hub's own files (its database and cookie secret).  ``trainer`` is the name the
    trainer logs in with, using ``trainer_password`` (at least 32 characters): the hub's admin,
    who opens the trainer's page ``/services/opettaja/`` (:func:`trainer_service`).
    """
    from jupyterhub.spawner import SimpleLocalProcessSpawner
    from traitlets.config import Config


    if len(password) < MIN_PASSWORD:
        raise ValueError(f"--password: the class password needs at least {MIN_PASSWORD} "
                         f"characters (JupyterHub's rule), got {len(password)}")
    proxy = proxy_command()
    if proxy is None:
        raise ValueError("configurable-http-proxy is not installed: run 'make classroom' (or "
                         "'npm install --prefix .venv configurable-http-proxy')")
    if trainer is not None:
        if not hub_username(trainer):
            raise ValueError(f"--trainer {trainer!r}: the trainer's name needs a letter or a digit")
        if len(trainer_password or "") < MIN_TRAINER_PASSWORD or trainer_password == password:
            raise ValueError(f"--trainer-password: the trainer's password needs at least "
                             f"{MIN_TRAINER_PASSWORD} characters (JupyterHub's rule for admins) and "
                             f"differs from the class password, got {len(trainer_password or '')}")
    folder = Path(folder).resolve()
    class_dir = folder / CLASS_SUBDIR
    class_dir.mkdir(parents=True, exist_ok=True)
    c = Config()
    c.JupyterHub.ip = "127.0.0.1"
    c.JupyterHub.port = port
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = hub_port or free_port()
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{proxy_api_port or free_port()}"
    c.ConfigurableHTTPProxy.command = [proxy]
    c.ConfigurableHTTPProxy.pid_file = str(folder / "proxy.pid")
    c.JupyterHub.db_url = f"sqlite:///{folder / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(folder / "jupyterhub_cookie_secret")
    c.JupyterHub.template_paths = [str(TEMPLATES)]
    c.JupyterHub.authenticator_class = f"{__name__}.ClassPasswordAuthenticator"
    c.Authenticator.allow_all = True
    c.SharedPasswordAuthenticator.user_password = password
    if trainer is not None:
        c.Authenticator.admin_users = {hub_username(trainer)}
        c.SharedPasswordAuthenticator.admin_password = trainer_password
    c.JupyterHub.spawner_class = SimpleLocalProcessSpawner
    c.SimpleLocalProcessSpawner.home_dir_template = str(folder / "kodit" / "{username}")
    single_user(c, class_dir=class_dir, python=sys.executable)
    if os.geteuid() == 0:  # a trial started as root (a container): the servers run as root too
        c.Spawner.args.append("--allow-root")
    # Kernels import the scientific stack; a 2-core laptop with 25 servers starting needs time.
    c.Spawner.start_timeout = 300
    c.Spawner.http_timeout = 300
    # The kit's own settings reach the servers (and their kernels) as they are here; one font
    # cache for every student's kernels (each home would otherwise build its own).
    c.Spawner.environment = {**{k: v for k, v in os.environ.items() if k.startswith("COACHKIT_")},
                             "MPLCONFIGDIR": str(folder / "matplotlib")}
    idle_culler(c, python=sys.executable, timeout=cull_timeout)
    trainer_service(c, python=sys.executable, class_dir=class_dir,
                    environment=c.Spawner.environment)
    return c


def single_user(c, *, class_dir, python: str | None = None) -> None:
    """What every hub sets for a student's server: root, landing page, the kit's extension.

    ``class_dir`` is the class folder as the single-user server sees it (each student's
    server root is ``<class_dir>/{username}``).  ``python`` runs ``jupyterhub.singleuser``
    (default: ``jupyterhub-singleuser`` from the user environment's PATH).
    """
    c.Spawner.notebook_dir = str(Path(class_dir) / "{username}")
    c.Spawner.default_url = LANDING
    if python is not None:
        c.Spawner.cmd = [python, "-m", "jupyterhub.singleuser"]
    c.Spawner.args = [f"--ServerApp.jpserver_extensions={EXTENSION}=True"]


def idle_culler(c, *, python: str, timeout: int = CULL_TIMEOUT) -> None:
    """``jupyterhub-idle-culler`` as a hub service: servers idle for ``timeout`` s are stopped."""
    c.JupyterHub.services = [{"name": "idle-culler", "command": [
        python, "-m", "jupyterhub_idle_culler", f"--timeout={timeout}",
        f"--cull-every={max(60, min(600, timeout // 6))}"]}]
    c.JupyterHub.load_roles = [{"name": "idle-culler", "services": ["idle-culler"], "scopes": [
        "list:users", "read:users:activity", "read:servers", "delete:servers"]}]


def trainer_service(c, *, python: str, class_dir, environment=None) -> None:
    """The trainer's page as a hub service (:mod:`coachkit.teaching.hubtrainer`), started with
    the hub, at ``/services/opettaja/``, reading the whole class folder ``class_dir``.

    Only the hub's admins and the group ``kouluttajat`` get the scope that opens it.
    """
    from .hubtrainer import GROUP, NAME

    services = list(c.JupyterHub.services) if "services" in c.JupyterHub else []
    c.JupyterHub.services = [*services, {
        "name": NAME, "url": f"http://127.0.0.1:{free_port()}", "display": False,
        "oauth_no_confirm": True, "environment": dict(environment or {}),
        "command": [python, "-m", "coachkit.teaching.hubtrainer", str(class_dir)]}]
    groups = dict(c.JupyterHub.load_groups) if "load_groups" in c.JupyterHub else {}
    c.JupyterHub.load_groups = {GROUP: {"users": []}, **groups}
    roles = list(c.JupyterHub.load_roles) if "load_roles" in c.JupyterHub else []
    c.JupyterHub.load_roles = [*roles, {"name": GROUP, "groups": [GROUP],
                                        "scopes": [f"access:services!service={NAME}"]}]


def serve(folder="build/hub", *, port: int = 8000, password: str, trainer: str | None = None,
          trainer_password: str | None = None) -> None:
    """Start the trial hub on 127.0.0.1 and block until Ctrl+C.

    With ``trainer`` and no ``trainer_password`` a password is made and printed."""
    import secrets

    from jupyterhub.app import JupyterHub

    if trainer is not None and trainer_password is None:
        trainer_password = secrets.token_urlsafe(24)  # 32 characters
    config = trial_config(folder, port=port, password=password, trainer=trainer,
                          trainer_password=trainer_password)
    os.chdir(Path(folder).resolve())  # the hub reads ./jupyterhub_config.py: not the caller's
    print(f"Luokan JupyterHub käynnissä: http://127.0.0.1:{port}/  (lopeta: Ctrl+C)\n"
          f"Opiskelija kirjautuu omalla nimellään ja luokan salasanalla. Tallennetut työt: "
          f"{Path(folder).resolve() / CLASS_SUBDIR} (kouluttaja: coachkit class report "
          f"{Path(folder).resolve() / CLASS_SUBDIR})", flush=True)
    if trainer is not None:
        print(f"Kouluttajan näkymä: http://127.0.0.1:{port}/services/opettaja/  (kirjaudu nimellä "
              f"{hub_username(trainer)}, salasana: {trainer_password})", flush=True)
    # A hub started in the background of a shell inherits SIGINT ignored, and so would its
    # services, which the hub stops with SIGINT: it would wait for them at shut-down.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    JupyterHub.instance(config=config)
    JupyterHub.launch_instance([])


# --- inside a student's server (the Jupyter Server extension) -----------------------------------

def _jupyter_server_extension_points():
    return [{"module": EXTENSION}]


def _link_jupyter_server_extension(serverapp) -> None:
    """Before the server builds its parts: the apps in the root, the classroom's Voilà settings.

    Linking runs before Voilà loads, so the template it looks up is already in place.
    """
    from ..display.notebooks import INLINE_BACKEND
    from .classroom import _write_widget_managers, prepare, voila_settings

    # The hub hands the root over in JUPYTERHUB_ROOT_DIR; its own extension (linked after this
    # one) is what makes it the server's root_dir.
    root = Path(os.path.expanduser(os.environ.get("JUPYTERHUB_ROOT_DIR") or serverapp.root_dir))
    # A student's folder is made by their own server: theirs to write, readable by the class
    # folder's group (the trainers, on a hub that sets the folder up so), closed to others.
    root.mkdir(mode=0o750, exist_ok=True)
    serverapp.coachkit_sections = prepare(root)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(root / ".jupyter"), os.environ.get("JUPYTER_PATH", "")]).strip(os.pathsep)
    os.environ["MPLBACKEND"] = INLINE_BACKEND  # the kernels' figures, inline
    config = voila_settings()
    config.VoilaConfiguration.page_config_hook = _offline_page_config
    # The widget managers that wait for the kernel's widget states as the classroom's do.
    config.VoilaConfiguration.extra_labextensions_path = _write_widget_managers(
        root / ".jupyter" / "widget-managers")
    serverapp.update_config(config)


def _offline_page_config(page_config, **_):
    """Inside Jupyter Server, Voilà's pages load MathJax from a CDN; the Voilà app sets neither
    URL nor configuration, and the classroom loads nothing from the network."""
    page_config["fullMathjaxUrl"] = page_config["mathjaxConfig"] = None
    return page_config


def _load_jupyter_server_extension(serverapp) -> None:
    """The Finnish landing page at ``<base_url>luokka``, linking the apps of this server."""
    from jupyter_server.base.handlers import JupyterHandler
    from jupyter_server.utils import url_path_join
    from tornado import web

    from .classroom import landing_page

    # Relative links: the page is <base_url>luokka, the apps <base_url>voila/render/…
    sections = [(heading, [(url, title) for url, title in entries])
                for heading, entries in serverapp.coachkit_sections]
    page = landing_page(sections)

    class Landing(JupyterHandler):
        @web.authenticated
        def get(self):
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.write(page)

    base = serverapp.web_app.settings["base_url"]
    serverapp.web_app.add_handlers(".*$", [(url_path_join(base, LANDING), Landing)])

