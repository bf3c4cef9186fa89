"""``coachkit classroom``: the dashboards and exercises as web apps, live kernel, no code cells.

Voilà serves the analysis notebooks and the student exercises from one folder
(``build/classroom`` by default; files students save — codings, answers — land there, so
two students' codings can be compared).  Each app runs its own kernel: moving a slider
redraws the figure, answer forms check answers, and no code cell is shown.  The landing
page at ``/`` is Finnish and lists the apps.  Nothing is loaded from the network: the
Voilà page template is used without its icon-font links (a copy made at start-up from
the installed template, so a classroom without internet works).  The server listens on
127.0.0.1 unless ``--ip`` is given (``--ip 0.0.0.0`` lets students' laptops in the same
network connect to the trainer's machine).
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import nbformat

from ..notebooks import INLINE_BACKEND, index_page, notebook_title, notebooks_dir
from .exercises import exercises_dir

TEMPLATE = "coachkit"
#: cells of the code path, hidden in the classroom (answer cells, ``tarkista`` checks)
CODE_PATH_TAGS = ("answer", "code-path")
SECTIONS = (("muistikirjat", "Analyysit ja kojelaudat"), ("harjoitukset", "Harjoitukset opiskelijoille"))
INTRO = ("Valitse sovellus. Koodi on piilotettu: liikuta säätimiä ja vastaa lomakkeisiin hiirellä "
         "ja näppäimistöllä. Jokainen sovellus käynnistää oman laskentansa, joten ensimmäinen "
         "avaus kestää hetken.")


def prepare(folder) -> list:
    """Copy the apps into ``folder`` and write the offline page template; returns the apps.

    Returns
    -------
    list of (section heading, [(url path, title), …])
    """
    folder = Path(folder)
    sources = {"muistikirjat": notebooks_dir(), "harjoitukset": exercises_dir()}
    sections = []
    for sub, heading in SECTIONS:
        (folder / sub).mkdir(parents=True, exist_ok=True)
        entries = []
        for path in sorted(sources[sub].glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            # The code path (answer cells and their checks) is for JupyterLab; in the
            # classroom the forms answer, so those cells are left out of the app.
            nb.cells = [c for c in nb.cells
                        if not set(c.metadata.get("tags", [])) & set(CODE_PATH_TAGS)]
            nbformat.write(nb, folder / sub / path.name)
            title = notebook_title(nb, path.stem)
            entries.append((f"voila/render/{sub}/{path.name}", title))
        sections.append((heading, entries))
    _write_template(folder / ".jupyter")
    return sections


def _write_template(jupyter_path: Path) -> None:
    """A Voilà template ``coachkit``: the installed ``lab`` template minus its CDN links."""
    import voila.paths

    lab = None
    for root in voila.paths.jupyter_path("voila", "templates", "lab"):
        if Path(root, "index.html.j2").exists():
            lab = Path(root, "index.html.j2")
            break
    if lab is None:
        raise RuntimeError("Voilà's 'lab' template was not found; reinstall voila")
    text = lab.read_text(encoding="utf-8")
    text = re.sub(r'\s*<link[^>]+href="https?://[^"]+"[^>]*/?>', "", text)
    target = jupyter_path / "voila" / "templates" / TEMPLATE
    target.mkdir(parents=True, exist_ok=True)
    (target / "index.html.j2").write_text(text, encoding="utf-8")
    (target / "conf.json").write_text('{"base_template": "lab"}\n', encoding="utf-8")


def landing_page(sections) -> str:
    """The Finnish landing page: one link per app."""
    return index_page([], title="Työhönvalmennus – luokkahuone", intro=INTRO, sections=sections)


def make_app(folder, *, port: int = 8866, ip: str = "127.0.0.1"):
    """A configured Voilà application serving ``folder`` with the Finnish landing page."""
    import tornado.web
    from voila.app import Voila

    sections = prepare(folder)
    page = landing_page([(h, [("/" + u, t) for u, t in e]) for h, e in sections])

    class Landing(tornado.web.RequestHandler):
        def get(self):
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.write(page)

    class Classroom(Voila):
        def init_handlers(self):
            return [(r"/", Landing), (r"/index.html", Landing), *super().init_handlers()]

    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(Path(folder, ".jupyter").resolve()), os.environ.get("JUPYTER_PATH", "")]).strip(os.pathsep)
    # Kernels inherit this: figures inline even when the Makefile set MPLBACKEND=Agg.
    os.environ["MPLBACKEND"] = INLINE_BACKEND
    app = Classroom()
    app.initialize([str(Path(folder).resolve()), "--no-browser", f"--port={port}",
                    f"--Voila.ip={ip}", f"--template={TEMPLATE}", "--theme=light",
                    # A closed tab's kernel shutdown is refused by Voilà 0.5 (voila#1458):
                    # idle kernels are culled instead, so a day of classes does not fill memory.
                    "--MappingKernelManager.cull_idle_timeout=1800",
                    "--MappingKernelManager.cull_interval=300"])
    return app


def serve(folder="build/classroom", *, port: int = 8866, ip: str = "127.0.0.1") -> None:
    """Start the classroom server and block until Ctrl+C."""
    app = make_app(folder, port=port, ip=ip)
    host = "127.0.0.1" if ip in ("0.0.0.0", "") else ip
    print(f"Luokkahuone käynnissä: http://{host}:{port}/  (lopeta: Ctrl+C)", flush=True)
    if ip in ("0.0.0.0", ""):
        for address in _lan_addresses():
            print(f"Opiskelijoiden koneilta: http://{address}:{port}/", flush=True)
    app.start()


def _lan_addresses() -> list:
    """This machine's addresses in the local network (for students' laptops)."""
    import socket

    found = set()
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(info[4][0])
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("10.255.255.255", 1))  # no packet is sent; picks the outgoing interface
        found.add(s.getsockname()[0])
    return sorted(a for a in found if not a.startswith("127."))
