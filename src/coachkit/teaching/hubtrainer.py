"""The trainer's page on JupyterHub: a hub service at ``/services/opettaja/``.

The classroom's live page (:func:`coachkit.teaching.classroom.trainer_routes`: the class
report over the whole class folder, updated every 2 s, the workbook and the pooled coding
to download) served by a JupyterHub-managed service that reads the class folder.  The hub's
OAuth decides who gets in: the service requires the scope
``access:services!service=opettaja``, which the hub gives its admins and the group
``kouluttajat`` (:func:`coachkit.teaching.hub.trainer_service`); a student who opens the
address gets 403.

Run by the hub (``python -m coachkit.teaching.hubtrainer <class folder>``), which passes the
service's address, path and token in ``JUPYTERHUB_SERVICE_*`` and ``JUPYTERHUB_API_*``; the
class folder may come from ``COACHKIT_CLASS_DIR`` instead, and ``COACHKIT_TRAINER_IP`` sets the
interface it listens on (Zero to JupyterHub: ``0.0.0.0``, see ``deploy/jupyterhub/values.yaml``).
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

#: the service's name: its path on the hub is /services/<NAME>/
NAME = "opettaja"
#: the hub group whose members (besides the hub's admins) open the trainer's page
GROUP = "kouluttajat"


def make_app(folder):
    """The tornado application of the service (configured from the hub's environment)."""
    from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
    from jupyterhub.utils import url_path_join
    from tornado import web

    from .classroom import trainer_routes

    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", f"/services/{NAME}/").rstrip("/")

    class HubTrainer(HubOAuthenticated, web.RequestHandler):
        """Only a hub user with the service's access scope (HubOAuthenticated checks it);
        anyone else logged in to the hub gets 403, anyone not logged in the hub's log-in."""

        def prepare(self):
            if not self.current_user:
                self.redirect(self.get_login_url())  # raises 403 for a user without access

    routes = [(url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
              *trainer_routes(Path(folder).resolve(), HubTrainer, prefix=prefix)]
    # The OAuth cookie lives as long as the service: a restart means logging in again.
    return web.Application(routes, cookie_secret=secrets.token_bytes(32))


def main(argv=None) -> None:
    """Serve the trainer's page on the address the hub gave (``JUPYTERHUB_SERVICE_URL``)."""
    from urllib.parse import urlparse

    from tornado.ioloop import IOLoop

    args = sys.argv[1:] if argv is None else argv
    folder = args[0] if args else os.environ.get("COACHKIT_CLASS_DIR", "/srv/luokka")
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    # on Kubernetes the proxy reaches the service at http://hub:<port> (another pod): the page
    # listens on every interface of the hub's pod there (COACHKIT_TRAINER_IP=0.0.0.0)
    host = os.environ.get("COACHKIT_TRAINER_IP") or url.hostname or "127.0.0.1"
    make_app(folder).listen(url.port or 80, host)
    IOLoop.current().start()


if __name__ == "__main__":
    main()
