# coachkit on a school's JupyterHub: each student lands in their own server on the classroom's
# Finnish landing page (<server>/luokka) and apps (Voilà inside the same server).
#
# The Littlest JupyterHub: copy this file to /opt/tljh/config/jupyterhub_config.d/coachkit.py and
# run `sudo tljh-config reload hub` (see TLJH.md).  Any other JupyterHub: include it in your
# jupyterhub_config.py.  Zero to JupyterHub sets the same in values.yaml (see Z2JH.md).
#
# It needs nothing but JupyterHub in the hub's environment; coachkit is installed in the
# users' environment (the single-user servers load its extension `coachkit.teaching.hub`).
#
# Settings (environment variables of the hub, or edit the defaults below):
#   COACHKIT_CLASS_DIR     the class folder; each student's server root is <folder>/<user>
#   COACHKIT_MEM_LIMIT     memory per student's server, kernels included (default 1G)
#   COACHKIT_CULL_TIMEOUT  seconds without activity before a server is stopped (default 3600)
#   COACHKIT_PYTHON        the users' environment's python (has coachkit), which runs the
#                          trainer's page; default TLJH's /opt/tljh/user/bin/python if there
import os
import sys

CLASS_DIR = os.environ.get("COACHKIT_CLASS_DIR", "/srv/luokka")
MEM_LIMIT = os.environ.get("COACHKIT_MEM_LIMIT", "1G")
CULL_TIMEOUT = int(os.environ.get("COACHKIT_CULL_TIMEOUT", "3600"))
TLJH_PYTHON = "/opt/tljh/user/bin/python"
PYTHON = os.environ.get("COACHKIT_PYTHON") or (
    TLJH_PYTHON if os.path.exists(TLJH_PYTHON) else sys.executable)

c = get_config()  # noqa: F821 (JupyterHub defines it when it reads this file)

# The student's server: their own folder in the class folder is its root; the first page is
# the Finnish landing page; coachkit's extension copies the apps into the folder (what the
# student saves lands beside them) and sets Voilà up as the classroom does.  The folder is
# created by the student's own server with mode 750: theirs to write, readable by the class
# folder's group (the trainers: TLJH.md shows the set-up), closed to other students.
c.Spawner.notebook_dir = CLASS_DIR + "/{username}"
c.Spawner.default_url = "/luokka"
c.Spawner.args = ["--ServerApp.jpserver_extensions=coachkit.teaching.hub=True"]
# Enforced by spawners that can (TLJH's SystemdSpawner, KubeSpawner, DockerSpawner); one
# student uses about 250 MB with one exercise open (measured: server 157 MB + kernel 74 MB),
# more with more pages open (a kernel per open page).
c.Spawner.mem_limit = MEM_LIMIT
# 25 servers starting at once on a small machine: give them time.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300

# Idle servers are stopped by jupyterhub-idle-culler (what students saved stays on disk; the
# next log-in starts the server again).  The Littlest JupyterHub runs it already as its
# service "cull" (`tljh-config set services.cull.timeout 3600`): then it is not added twice.
services = list(c.JupyterHub.services) if "services" in c.JupyterHub else []
if not any(s.get("name") == "cull" for s in services):
    c.JupyterHub.services = [*services, {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={CULL_TIMEOUT}",
                    f"--cull-every={max(60, min(600, CULL_TIMEOUT // 6))}"],
    }]
    roles = list(c.JupyterHub.load_roles) if "load_roles" in c.JupyterHub else []
    c.JupyterHub.load_roles = [*roles, {
        "name": "idle-culler",
        "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    }]

# The trainer's page: a hub service at /services/opettaja/, started with the hub, that shows
# the class report over the whole class folder (updated every 2 s) and the downloads.  It runs
# as the hub's user (root on TLJH: it reads every student's folder).  Only the hub's admins and
# the members of the group "kouluttajat" may open it (the hub's OAuth); students get 403.
c.JupyterHub.services = [*c.JupyterHub.services, {
    "name": "opettaja",
    "url": "http://127.0.0.1:10101",
    "command": [PYTHON, "-m", "coachkit.teaching.hubtrainer", CLASS_DIR],
    "oauth_no_confirm": True,
}]
groups = dict(c.JupyterHub.load_groups) if "load_groups" in c.JupyterHub else {}
c.JupyterHub.load_groups = {"kouluttajat": {"users": []}, **groups}
c.JupyterHub.load_roles = [*c.JupyterHub.load_roles, {
    "name": "kouluttajat",
    "groups": ["kouluttajat"],
    "scopes": ["access:services!service=opettaja"],
}]

# Hub user names are also folder names (and on TLJH system user names): a-z, 0-9 and '-'.
# Tell students to type e.g. "anna-makela" (the trial `coachkit hub` converts "Anna Mäkelä"
# itself).
c.Authenticator.username_pattern = r"^[a-z0-9][a-z0-9-]{0,31}$"
