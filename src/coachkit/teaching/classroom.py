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

Every request passes the classroom's door first (:mod:`coachkit.teaching.access`): beyond
this machine a class code (printed with the students' address, shown on the landing page as a
QR code), a trainer code for the trainer's page (``/opettaja``, :func:`trainer_page`, updated
from :func:`trainer_view` every ``TRAINER_POLL`` s), known Host names only and same-site
Origins, and a cap of app pages per student's machine.  A student types their name once per
visit (:func:`name_bar`); every page of the visit fills it into its forms.

A class at once (``--students N``, ``--open 01``): the exercise the trainer names gets a pool
of N kernels that have already run the page (Voilà's pre-heated kernels), started before the
students arrive, a few at a time; the landing page says in Finnish how many are ready.  A
page taken from the pool is shown at once; the pool is refilled — up to N minus the pages in
use, at least ``SPARE`` for reloads — when no page has been opened for ``FILL_DELAY`` seconds
and none is still loading, so refilling does not compete with students who are opening pages.
Apps not named get no pool (their pages start a kernel when opened): 11 apps × N kernels of
~75 MB each would not fit a laptop, while a class works on one exercise at a time.

A closed or reloaded tab's kernel is culled after ``CULL_IDLE`` seconds without a connection
(checked every ``CULL_INTERVAL`` s, so it is gone within two minutes): Voilà 0.5 refuses the
tab's own shutdown request (voila-dashboards/voila#1458).  An open tab keeps its kernel, and so
does a page still loading, and every page's kernel is kept for its first ``PAGE_GRACE``
seconds (a fresh classroom's first page reconnects slowly; a closed tab's kernel then goes
after at most ``PAGE_GRACE`` + ``CULL_INTERVAL`` s).
Cells wait up to ``IOPUB_TIMEOUT`` seconds for their output (nbclient's 4 s default dropped
forms silently under load) and a timeout or a failed cell is an error, shown on the page as
a Finnish notice with how to reload; the page also says so when its kernel is gone or the
server cannot be reached.

A page asks its kernel for the state of all its widgets (~250 with their layouts) in one
message; ipywidgets' page code waits 4 s for the answer and then asks for each widget on its
own, which under a class's load cost the kernels and the server several times the one
answer.  The classroom serves copies of the widget managers that wait ``IOPUB_TIMEOUT`` s.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import logging
import os
import re
import time
from pathlib import Path

import nbformat

from ..display.notebooks import INLINE_BACKEND, index_page, notebook_title, notebooks_dir
from ..display.pages import NAME_CLASS, VISIT_CLASS
from ..i18n import DEFAULT_LANG, t
from .access import MAX_PAGES, TRAINER_PATH
from .exercises import exercises_dir
from .saved import DEFAULT_FOLDER

TEMPLATE = "coachkit"
#: cells of the code path, hidden in the classroom (answer cells, ``tarkista`` checks)
CODE_PATH_TAGS = ("answer", "code-path")
SECTIONS = (("muistikirjat", "Analyysit ja kojelaudat"), ("harjoitukset", "Harjoitukset opiskelijoille"))
#: pages wait this long for a cell's output (nbclient's default, 4 s, lost forms under load)
IOPUB_TIMEOUT = 120
#: a page's widget manager waits this long for its kernel's widget states (ipywidgets: 4 s)
WIDGET_STATES_TIMEOUT = IOPUB_TIMEOUT
#: the widget managers whose wait is lengthened (the page loads whichever provides the code)
WIDGET_MANAGERS = ("@jupyter-widgets/jupyterlab-manager", "@voila-dashboards/widgets-manager8")
#: a kernel with no open page is shut down after this many idle seconds …
CULL_IDLE = 60
#: … checked this often (a closed tab's kernel is gone within CULL_IDLE + CULL_INTERVAL s)
CULL_INTERVAL = 20
#: a kernel whose page has not connected yet (still loading on a slow machine) is kept this long
PAGE_GRACE = 240
#: seconds without a page being opened before the pool is refilled
FILL_DELAY = 20
#: kernels kept ready for reloads and late arrivals once the class has its pages
SPARE = 2
DEFAULT_STUDENTS = 25
#: what a reload keeps: answers saved on each check (once the page knew the name) come back
KEPT = t("teaching.classroom.kept", DEFAULT_LANG)
#: the page's notices (the classroom is Finnish; the words are catalogue keys teaching.classroom.*)
FAILED = t("teaching.classroom.failed", DEFAULT_LANG, kept=KEPT)
GONE = t("teaching.classroom.gone", DEFAULT_LANG, kept=KEPT)
OFFLINE = t("teaching.classroom.offline", DEFAULT_LANG)
INTRO = t("teaching.classroom.intro", DEFAULT_LANG)


def prepare(folder) -> list:
    """Copy the apps into ``folder`` and write the offline page template; returns the apps.

    Returns
    -------
    list of (section heading, [(url path, title), …])
    """
    folder = Path(folder)
    sources = _sources()
    sections = []
    for sub, heading in SECTIONS:
        (folder / sub).mkdir(parents=True, exist_ok=True)
        entries = []
        for path in sources[sub]:
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
    _write_kernel(folder / ".jupyter")
    return sections


def _write_kernel(jupyter_path: Path) -> None:
    """The classroom's ``python3`` kernel (found first through ``JUPYTER_PATH``): this Python's
    ipykernel, logging only errors.  Its one start-up warning ("Kernel is running over TCP
    without encryption", once per student's page) is about the kernel's connection on this
    machine, which the class code and the Host check already guard; in the trainer's console
    it only buried the Finnish lines."""
    import sys

    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                     "--IPKernelApp.log_level=ERROR"],
            "display_name": "Python 3", "language": "python", "metadata": {"debugger": True}}
    target = jupyter_path / "kernels" / "python3"
    target.mkdir(parents=True, exist_ok=True)
    (target / "kernel.json").write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")


class QuietConsole(logging.Filter):
    """Drops the server's warnings that tell the trainer nothing to do: "Notebook … is not
    trusted" (the apps are the kit's own notebooks, stored without outputs, so there is
    nothing to trust or distrust; Voilà warns for each page a student opens).

    >>> QuietConsole().filter(logging.makeLogRecord({"msg": "Notebook %s is not trusted"}))
    False
    >>> QuietConsole().filter(logging.makeLogRecord({"msg": "Kernel started"}))
    True
    """

    QUIET = frozenset({"Notebook %s is not trusted"})

    def filter(self, record) -> bool:
        return record.msg not in self.QUIET


def _sources() -> dict:
    """Folder in the classroom → the notebooks it serves."""
    dirs = {"muistikirjat": notebooks_dir(), "harjoitukset": exercises_dir()}
    return {sub: sorted(d.glob("*.ipynb")) for sub, d in dirs.items()}


def app_paths() -> list:
    """Every app as Voilà names it (``harjoitukset/01_koodaus.ipynb``), exercises first."""
    sources = _sources()
    return [f"{sub}/{p.name}" for sub in ("harjoitukset", "muistikirjat") for p in sources[sub]]


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
    finish = "window.voila_finish();\n</script>"
    if finish not in text:
        raise RuntimeError("Voilà's 'lab' template has changed; the page notices cannot be added")
    text = text.replace(finish, finish + "\n" + page_notices() + "\n" + name_bar(), 1)
    target = jupyter_path / "voila" / "templates" / TEMPLATE
    target.mkdir(parents=True, exist_ok=True)
    (target / "index.html.j2").write_text(text, encoding="utf-8")
    (target / "conf.json").write_text('{"base_template": "lab"}\n', encoding="utf-8")


def _write_widget_managers(target: Path) -> list:
    """Copies of the installed widget managers that wait longer for the kernel's widget states.

    A page asks its kernel for the state of every widget in one message and, if the answer
    takes more than 4 s (ipywidgets' fixed limit), asks again for each widget on its own:
    ~250 requests, each with its reply and two status messages through the server.  With 20
    pages connecting at once the answer is often late, and this fallback made the kernels
    and the server do several times the work of the one answer (profiled: 9 of 20 pages).
    The copies wait :data:`WIDGET_STATES_TIMEOUT` s instead.  Returns the folders to put
    first on Voilà's labextensions path ([] if the installed versions could not be changed:
    the pages then work as before).
    """
    import shutil

    from jupyterlab_server.config import get_federated_extensions
    from voila.utils import get_voila_labextensions_path

    target = Path(target)
    shutil.rmtree(target, ignore_errors=True)
    found = get_federated_extensions([p for p in get_voila_labextensions_path()
                                      if Path(p).resolve() != target.resolve()])
    late = re.compile(r'(Control comm did not respond in time"\)+,)4e3\)')
    patched = 0
    for name in WIDGET_MANAGERS:
        if name not in found:
            continue
        copy = target / name
        shutil.copytree(found[name]["ext_path"], copy)
        changed = 0
        for js in (copy / "static").glob("*.js"):
            text = js.read_text(encoding="utf-8")
            new, n = late.subn(rf"\g<1>{WIDGET_STATES_TIMEOUT * 1000})", text)
            if n:
                js.write_text(new, encoding="utf-8")
                changed += n
        if changed:
            patched += 1
        else:  # this version is laid out differently: serve the installed one
            shutil.rmtree(copy)
    return [str(target)] if patched else []


def page_notices() -> str:
    """HTML + script added to every app page: Finnish notices when something went wrong.

    * a cell failed or timed out (its English error text is hidden): :data:`FAILED`;
    * the page's kernel is gone (culled, server restarted): :data:`GONE`;
    * the server does not answer: :data:`OFFLINE` (hidden again when it answers);
    * leaving or reloading a page whose forms were used while its name fields are empty (so
      nothing was saved on the server): the browser asks first.

    The kernel is asked about every 20 s (``GET api/kernels/<id>``, which does not count as
    activity, so it does not keep a closed tab's kernel alive).
    """
    texts = json.dumps({"failed": FAILED, "gone": GONE, "offline": OFFLINE}, ensure_ascii=False)
    return ("""<style>.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]
{display:none}</style>
<div id="coachkit-notice" role="alert" lang="fi" style="display:none;position:fixed;top:0;left:0;
right:0;z-index:10000;background:#b2182b;color:#fff;padding:.8em 1.2em;font-size:1.2em;
font-family:sans-serif"></div>
<script>
(function () {
  var TEXTS = """ + texts + """;
  var box = document.getElementById('coachkit-notice');
  var shown = null;
  function say(key) { shown = key; box.textContent = TEXTS[key]; box.style.display = 'block'; }
  function clear(key) { if (shown === key) { shown = null; box.style.display = 'none'; } }
  // A failed cell: Voilà renders its (English) error as stderr, the only stderr it keeps.
  if (document.querySelector('#rendered_cells [data-mime-type="application/vnd.jupyter.stderr"]')) {
    say('failed');
  }
  var outputs = document.querySelectorAll('script[type="application/vnd.voila.cell-output+json"]');
  for (var i = 0; i < outputs.length; i++) {
    try { if (JSON.parse(outputs[i].textContent).output_type === 'error') { say('failed'); } }
    catch (e) { /* not an output */ }
  }
  // Answers are saved on the server once the page knows the student's name; before that a
  // reload would lose them: the browser asks first.
  var touched = false;
  document.addEventListener('change', function (e) {
    var t = e.target;  // a name typed (in a form or the name bar) is not an answer
    if (t && t.closest && !t.closest('.""" + NAME_CLASS + """, #coachkit-nimi')) { touched = true; }
  }, true);
  window.addEventListener('beforeunload', function (e) {
    var names = document.querySelectorAll('.""" + NAME_CLASS + """ input');
    if (!touched || !names.length) { return; }
    for (var i = 0; i < names.length; i++) { if (names[i].value.trim()) { return; } }
    e.preventDefault();
    e.returnValue = '';
  });
  var config = document.getElementById('jupyter-config-data');
  if (!config) { return; }
  config = JSON.parse(config.textContent);
  if (!config.kernelId) { return; }
  var url = (config.baseUrl || '/') + 'api/kernels/' + config.kernelId;
  // On JupyterHub a student's server wants the XSRF token with a cookie-authenticated API call.
  var xsrf = (document.cookie.match(/(?:^|; *)_xsrf=([^;]*)/) || [])[1];
  var headers = xsrf ? {'X-XSRFToken': decodeURIComponent(xsrf)} : {};
  function ask() {
    fetch(url, {cache: 'no-store', headers: headers}).then(function (r) {
      if (r.status === 404) { say('gone'); } else if (shown !== 'failed') { clear('offline'); }
    }).catch(function () { if (shown !== 'gone' && shown !== 'failed') { say('offline'); } });
  }
  window.coachkitCheckKernel = ask;
  setInterval(ask, 20000);
})();
</script>""")




def _t(name: str, **kwargs) -> str:
    """The classroom's words (Finnish; catalogue keys ``teaching.classroom.<name>``)."""
    return t(f"teaching.classroom.{name}", DEFAULT_LANG, **kwargs)


NAME_COOKIE = "coachkit_nimi"
VISIT_COOKIE = "coachkit_kaynti"
NAME_ASK = t("teaching.classroom.name_ask", DEFAULT_LANG)
NAME_KNOWN = t("teaching.classroom.name_known", DEFAULT_LANG)


def name_bar() -> str:
    """HTML + script on the landing page and every app page: the student's name, once per visit.

    The name lives in a session cookie (:data:`NAME_COOKIE`, gone when the browser closes).  A
    page that does not know it asks at the top, above the tasks (nothing is hidden); a page that
    knows it says so and fills every empty name field of its forms (the ``coachkit-nimi`` text
    boxes of :func:`coachkit.teaching.student.name_field`), so the files it saves carry the name.  A name
    typed into a form's field is remembered the same way.

    The visit has a random id in a session cookie of its own (:data:`VISIT_COOKIE`, made by
    the first page of the visit), written into the pages' hidden ``coachkit-kaynti`` boxes
    (:func:`coachkit.teaching.student.visit_field`) before the name: the student's files are named
    after it, so a reload in the same browser writes to the same files and gets its answers
    back, and two students of the same name in two browsers stay apart.
    """
    texts = json.dumps({"ask": NAME_ASK, "known": NAME_KNOWN}, ensure_ascii=False)
    return ("""<div id="coachkit-nimi" lang="fi" style="font-family:sans-serif;font-size:16px;
background:#fff8e1;border-bottom:2px solid #b35806;padding:.5em 1em;margin:0 0 .5em 0">
<form id="coachkit-nimi-kysy" style="display:none;margin:0"><label><span></span>
<input id="coachkit-nimi-kentta" name="nimi" autocomplete="name" maxlength="60"
style="font-size:1em;margin:0 .5em"></label><button type="submit">Tallenna nimi</button></form>
<div id="coachkit-nimi-tiedossa" style="display:none"><span></span> <b id="coachkit-nimi-arvo"></b>
<button type="button" id="coachkit-nimi-vaihda" style="margin-left:1em">Vaihda nimi</button></div>
</div>
<script>
(function () {
  var TEXTS = """ + texts + """, COOKIE = '""" + NAME_COOKIE + """';
  var VISIT = '""" + VISIT_COOKIE + """';
  var bar = document.getElementById('coachkit-nimi');
  var ask = document.getElementById('coachkit-nimi-kysy');
  var field = document.getElementById('coachkit-nimi-kentta');
  var known = document.getElementById('coachkit-nimi-tiedossa');
  ask.querySelector('span').textContent = TEXTS.ask;
  known.querySelector('span').textContent = TEXTS.known;
  document.body.insertBefore(bar, document.body.firstChild);
  function cookie(key) {
    var parts = document.cookie.split(';');
    for (var i = 0; i < parts.length; i++) {
      var kv = parts[i].trim().split('=');
      if (kv[0] === key) {
        try { return decodeURIComponent(kv.slice(1).join('=')); } catch (e) { return ''; }
      }
    }
    return '';
  }
  function current() { return cookie(COOKIE); }
  // The visit: a random id per browser session, the student's identity in file names.
  var visit = cookie(VISIT);
  if (!/^[0-9a-f]{12}$/.test(visit)) {
    var bytes = new Uint8Array(6);
    window.crypto.getRandomValues(bytes);
    visit = Array.prototype.map.call(bytes, function (b) {
      return ('0' + b.toString(16)).slice(-2); }).join('');
    document.cookie = VISIT + '=' + visit + '; path=/; SameSite=Lax';
  }
  function show() {
    var name = current();
    ask.style.display = name ? 'none' : 'block';
    known.style.display = name ? 'block' : 'none';
    document.getElementById('coachkit-nimi-arvo').textContent = name;
  }
  function fill(previous) {
    var ids = document.querySelectorAll('.""" + VISIT_CLASS + """ input');
    for (var j = 0; j < ids.length; j++) {  // before the name: the name's files are the visit's
      if (ids[j].value === visit) { continue; }
      ids[j].value = visit;
      ids[j].dispatchEvent(new Event('input', {bubbles: true}));
      ids[j].dispatchEvent(new Event('change', {bubbles: true}));
    }
    var name = current();
    if (!name) { return; }
    var boxes = document.querySelectorAll('.coachkit-nimi input');
    for (var i = 0; i < boxes.length; i++) {
      var value = boxes[i].value.trim();
      if (value && value !== previous) { continue; }  // a name the student typed stays
      if (value === name) { continue; }
      boxes[i].value = name;
      boxes[i].dispatchEvent(new Event('input', {bubbles: true}));
      boxes[i].dispatchEvent(new Event('change', {bubbles: true}));
    }
  }
  function remember(name) {
    var previous = current();
    name = name.trim().slice(0, 60);
    if (!name) { return; }
    document.cookie = COOKIE + '=' + encodeURIComponent(name) + '; path=/; SameSite=Lax';
    show();
    fill(previous);
  }
  ask.addEventListener('submit', function (e) { e.preventDefault(); remember(field.value); });
  document.getElementById('coachkit-nimi-vaihda').addEventListener('click', function () {
    field.value = current();
    ask.style.display = 'block';
    known.style.display = 'none';
    field.focus();
  });
  // A name typed into a form's own name field counts as typed once.
  document.addEventListener('change', function (e) {
    var t = e.target;
    if (t && t.closest && t.closest('.coachkit-nimi') && t.value.trim() &&
        t.value.trim() !== current()) { remember(t.value); }
  }, true);
  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    setTimeout(function () { pending = false; fill(''); }, 200);
  }).observe(document.body, {childList: true, subtree: true});
  window.coachkitName = current;
  window.coachkitVisit = function () { return visit; };
  show();
  fill('');
})();
</script>""")


def pages(n: int) -> str:
    """A count of pages in Finnish: one *sivu*, several *sivua*.

    >>> pages(1), pages(20)
    ('1 sivu', '20 sivua')
    """
    from ..display.tables import format_count

    return format_count(n, _t("page"), _t("pages"))


def landing_page(sections, status=None, *, join=None, trainer=False) -> str:
    """The Finnish landing page: one link per app, and whether the classroom is ready.

    ``status`` is :meth:`ClassPlan.status` of the running server (None: nothing said).
    While kernels are being prepared the page reloads itself every 5 seconds.  ``join``, the
    students' address with the class code, is shown with a large QR code for the projector
    (:func:`join_block`); ``trainer`` adds a link to the trainer's page.  The links stay plain
    links to the apps; the name bar (:func:`name_bar`) asks for the student's name above them.
    """
    page = index_page([], title=t("teaching.classroom.title", DEFAULT_LANG), intro=INTRO, sections=sections)
    extra = join_block(join) if join else ""
    if trainer:
        extra += (f'<p><a id="opettaja" href="{TRAINER_PATH}">{html.escape(_t("trainer"))}</a> '
                  f"{html.escape(_t('trainer_note'))}</p>\n")
    page = page.replace("</body>", name_bar() + "\n</body>", 1)
    if status is not None:
        # the QR code first: on a projector (1280 × 800) it must be whole on the first screen,
        # whatever number of apps the status lists below it
        notice = _status_notice(sections, status)
        extra = extra.replace("<!--tila-->", notice, 1) if join else notice + extra
        if not status["ready"]:
            page = page.replace("<head>", '<head><meta http-equiv="refresh" content="5">', 1)
    return page.replace("</h1>\n", "</h1>\n" + extra, 1)


def _status_notice(sections, status) -> str:
    titles = {u.lstrip("/"): title for _, entries in sections for u, title in entries}
    lines = []
    for app, s in status["apps"].items():
        title = titles.get(f"voila/render/{app}", app)
        if s["ready"] >= s["target"]:
            lines.append(_t("app_ready", title=title, pages=pages(s["ready"])))
        else:
            lines.append(_t("app_preparing", title=title, ready=s["ready"], pages=pages(s["target"])))
    if status["ready"]:
        head = ('<p id="tila" data-ready="1" style="background:#e6f2e9;padding:.6em;'
                f'border-left:6px solid #1b7837"><b>{html.escape(_t("ready"))}</b> '
                f"{html.escape(_t('ready_note'))}")
    else:
        head = ('<p id="tila" data-ready="0" style="background:#fdf1e6;padding:.6em;'
                f'border-left:6px solid #b35806"><b>{html.escape(_t("preparing"))}</b> '
                f"{html.escape(_t('preparing_note'))}")
    return head + "".join(f"<br>{html.escape(line)}" for line in lines) + "</p>\n"


def join_block(url: str, *, size: str = "min(60vh, 90vw)") -> str:
    """The students' address as text and as a QR code (inline SVG, nothing from the network).

    The QR code sits beside the address (below it on a narrow screen), so the whole code fits
    the first screen of a 1280 × 800 projector; :func:`landing_page` puts the classroom's
    status under the address (at ``<!--tila-->``).
    """
    from .access import qr_svg

    return (f'<div id="liity" style="display:flex;flex-wrap:wrap;align-items:center;'
            f'justify-content:center;gap:1em 2em;margin:1em 0">'
            f"<style>svg.qr{{width:100%;height:auto;display:block}}</style>"
            f'<div style="width:{size}">{qr_svg(url)}</div>'
            f'<div style="flex:1 1 18em"><p style="font-size:1.3em">'
            f"Liity luokkaan: lue QR-koodi tai avaa osoite<br>"
            f'<code id="liity-osoite" style="font-size:1.2em">'
            f"{address_html(url)}</code></p><!--tila--></div></div>\n")


def address_html(url: str) -> str:
    """The join address, escaped, for a narrow column: it may break only after a '/' or
    before the '?', never inside the class code (a student types it letter by letter).

    >>> address_html("http://10.0.0.5:8866/?token=k2x9&x=<")
    'http://<wbr>10.0.0.5:8866/<wbr><span style="white-space:nowrap">?token=k2x9&amp;x=&lt;</span>'
    """
    base, sep, query = url.partition("?")
    shown = re.sub(r"/+", lambda m: m.group(0) + "<wbr>", html.escape(base))
    return shown + (f'<span style="white-space:nowrap">{html.escape(sep + query)}</span>'
                    if sep else "")


#: seconds between the trainer page's updates
TRAINER_POLL = 2


def trainer_view(folder) -> dict:
    """What the trainer's page shows now: ``{"html": fragment}`` (polled every ``TRAINER_POLL`` s).

    This is the one place where the class's saved work is rendered for the trainer's page: how
    many files were saved, then the class report (:func:`coachkit.teaching.classreport.report_html`:
    α across the class, the most disputed excerpts, per-task counts, reflections), made again
    only when a file has changed.
    """
    from ..display.tables import format_count
    from .classreport import class_report, report_html

    folder = Path(folder)
    report = class_report(folder)
    codings = int(report.coding["students"])
    answers = len(report.answers.drop_duplicates(["student_key", "Harjoitus"]))
    body = (f'<p id="tallennettu" data-codings="{codings}" data-files="{codings + answers}">'
            + html.escape(_t("saved", codings=format_count(codings, _t("coding"), _t("codings")),
                             answers=format_count(answers, _t("answer_file"), _t("answer_files"))))
            + "</p>")
    return {"html": body + report_html(report)}


#: the trainer's downloads: file on ``/opettaja/`` → (link text, MIME type)
DOWNLOADS = {
    "luokka.xlsx": (_t("download_class"),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "koodaus.csv": (_t("download_coding"), "text/csv; charset=utf-8"),
}


def trainer_download(folder, name: str):
    """``(bytes, MIME type, file name)`` of a trainer's download (:data:`DOWNLOADS`), made now
    from what the class has saved under ``folder``; None for a name that is not one.

    The file name carries the date (``luokka_2026-12-05.xlsx``) so that downloads of
    different meetings do not replace each other in the trainer's downloads folder.
    """
    import datetime as dt

    from .classreport import class_report, pooled_coding_csv, workbook_data

    if name not in DOWNLOADS:
        return None
    report = class_report(folder)
    data = workbook_data(report) if name.endswith(".xlsx") else pooled_coding_csv(report)
    stem, ext = name.rsplit(".", 1)
    return data, DOWNLOADS[name][1], f"{stem}_{dt.date.today().isoformat()}.{ext}"


def trainer_page(join=None, *, prefix: str = TRAINER_PATH) -> str:
    """The trainer's page (``/opettaja``): the join address and the class, updated without reload.

    Made for a projector at 1280 × 800: the join address and a small QR code sit at the top
    right (late students still read them; the landing page has the large one), so that α and
    the most disputed excerpt are on the first screen; nothing is wider than the screen.  The
    downloads (:data:`DOWNLOADS`: the whole class as one Excel workbook, the pooled coding as
    one CSV) are links under the heading.  ``prefix`` is the page's own path (``/opettaja``
    in the classroom, ``/services/opettaja`` on JupyterHub): its data and downloads are under it.
    """
    from .access import qr_svg

    lost = json.dumps(_t("lost"), ensure_ascii=False)  # a JavaScript string
    side = ('<div id="liity" style="flex:0 1 430px;display:flex;gap:.6em;align-items:center;'
            'font-size:15px"><div style="flex:0 0 140px">'
            f"<style>svg.qr{{width:100%;height:auto}}</style>{qr_svg(join)}</div>"
            f"<div>{html.escape(_t('join'))}<br>"
            f'<code id="liity-osoite" style="font-size:1.1em">'
            f"{address_html(join)}</code></div></div>" if join else "")
    links = " · ".join(f'<a href="{prefix}/{name}" download>{html.escape(words)}</a>'
                       for name, (words, _) in DOWNLOADS.items())
    return ('<!doctype html>\n<html lang="fi"><head><meta charset="utf-8">'
            f'<link rel="icon" href="data:,"><title>{html.escape(_t("trainer_title"))}</title>'
            "<style>body{font-family:sans-serif;max-width:1260px;margin:0 auto;"
            "padding:.3em 1em;box-sizing:border-box;font-size:1.2em}"
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em}"
            "</style></head>\n<body>"
            '<div style="display:flex;gap:1.5em;align-items:flex-start">'
            '<div style="flex:1 1 auto;min-width:0"><h1 style="margin:.3em 0">'
            f'{html.escape(_t("trainer"))}</h1>\n<p id="lataa">{html.escape(_t("download"))} {links}</p>'
            f"</div>{side}</div>\n"
            f'<div id="luokka" aria-live="polite">{html.escape(_t("loading"))}</div>\n'
            '<p id="yhteys" role="status" style="color:#b2182b"></p>\n<script>\n(function () {\n'
            "  var box = document.getElementById('luokka'), line = document.getElementById('yhteys');\n"
            # behind JupyterHub's OAuth a script's request carries the page's XSRF cookie back
            "  var xsrf = (document.cookie.match(/(?:^|; )_xsrf=([^;]*)/) || [])[1];\n"
            "  function update() {\n"
            f"    fetch('{prefix}/tiedot', {{cache: 'no-store', credentials: 'same-origin',\n"
            "           headers: xsrf ? {'X-XSRFToken': decodeURIComponent(xsrf)} : {}})\n"
            "      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })\n"
            "      .then(function (data) { box.innerHTML = data.html; line.textContent = ''; })\n"
            f"      .catch(function () {{ line.textContent = {lost}; }});\n"
            "  }\n"
            f"  update();\n  setInterval(update, {TRAINER_POLL * 1000});\n"
            "})();\n</script>\n</body></html>\n")


def trainer_routes(folder, handler, *, prefix: str = TRAINER_PATH, join=None) -> list:
    """The trainer's page as tornado routes under ``prefix``: the page (:func:`trainer_page`),
    its data ``<prefix>/tiedot`` (:func:`trainer_view`, polled) and the downloads
    ``<prefix>/<file>`` (:func:`trainer_download`), over the whole class folder ``folder``.

    ``handler`` is the ``RequestHandler`` class they derive from: it decides who gets in (the
    classroom's trainer code; on JupyterHub the hub's OAuth, :mod:`coachkit.teaching.hubtrainer`).
    """
    import tornado.web

    class Trainer(handler):
        """The trainer's page."""

        def get(self):
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.write(trainer_page(join, prefix=prefix))

    class TrainerData(handler):
        """What the trainer's page shows, as JSON (polled)."""

        def get(self):
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.write(json.dumps(trainer_view(folder), ensure_ascii=False))

    class TrainerDownload(handler):
        """The class's saved work as a file, made on request (nothing is written into the
        class folder)."""

        def get(self, name):
            made = trainer_download(folder, name)
            if made is None:
                raise tornado.web.HTTPError(404)
            data, kind, filename = made
            self.set_header("Content-Type", kind)
            self.set_header("Content-Disposition", f'attachment; filename="{filename}"')
            self.set_header("Cache-Control", "no-store")
            self.write(data)

    return [(prefix + "/?", Trainer), (prefix + "/tiedot", TrainerData),
            (prefix + r"/([a-z_]+\.(?:xlsx|csv))", TrainerDownload)]


def resolve_open(names, paths) -> list:
    """The apps a trainer named (``01`` = Harjoitus 1, or the start of an app's file name).

    Exercises are searched first, then the analysis notebooks; a name that fits no app, or
    more than one, is an error that lists the apps.

    >>> apps = ["harjoitukset/01_koodaus.ipynb", "harjoitukset/02_tahdet.ipynb",
    ...         "muistikirjat/01_teema-analyysi.ipynb"]
    >>> resolve_open(["01", "01_teema"], apps)
    ['harjoitukset/01_koodaus.ipynb', 'muistikirjat/01_teema-analyysi.ipynb']
    """
    exercises = [p for p in paths if p.startswith("harjoitukset/")]
    chosen = []
    for name in names:
        found = []
        for group in (exercises, paths):
            found = [p for p in group if Path(p).name.startswith(str(name).strip())]
            if found:
                break
        if len(found) != 1 or not str(name).strip():
            listing = ", ".join(Path(p).stem for p in paths)
            what = "fits no app" if not found else "fits several apps"
            raise ValueError(f"--open {name}: {what}; the apps are: {listing}")
        chosen.append(found[0])
    return list(dict.fromkeys(chosen))


class ClassPlan:
    """How many kernels each app keeps ready, and what the running server has.

    ``targets`` maps an app (``harjoitukset/01_koodaus.ipynb``) to its pool at the start: the
    class size for the apps the trainer opens.  Once pages are taken the pool is topped up
    only to ``max(spare, start − pages in use)``: the class has its kernels already.
    """

    def __init__(self, targets: dict, *, spare: int = SPARE):
        self.targets = dict(targets)
        self.spare = spare
        self.manager = None  # the running kernel manager, set when it starts
        self._was_ready = False

    def target(self, app: str) -> int:
        start = self.targets.get(app, 0)
        if start <= 0:
            return 0
        in_use = len(self.manager.taken.get(app, ())) if self.manager is not None else 0
        return max(min(self.spare, start), start - in_use)

    def status(self) -> dict:
        """``{"ready": bool, "apps": {app: {ready, target, in_use}}, "kernels": n}``."""
        apps = {}
        m = self.manager
        for app in self.targets:
            if self.targets[app] <= 0:
                continue
            ready = m.ready_count(app) if m is not None else 0
            in_use = len(m.taken.get(app, ())) if m is not None else 0
            apps[app] = {"ready": ready, "target": self.target(app), "in_use": in_use}
        kernels = len(m.list_kernel_ids()) if m is not None else 0
        # Once every pool was full the classroom stays "ready": a pool topping up after a
        # reload is not a reason to tell the trainer to wait.
        self._was_ready = self._was_ready or all(a["ready"] >= a["target"] for a in apps.values())
        return {"ready": self._was_ready, "apps": apps, "kernels": kernels}


def plan_pools(paths, *, students: int = DEFAULT_STUDENTS, open_=()) -> ClassPlan:
    """The pools: ``students`` kernels for each app in ``open_`` (names as :func:`resolve_open`).

    Apps not named get no pool: their pages start a kernel when opened (a few seconds for
    one person).  A pool for every app would hold 11 × N idle kernels (~100 MB each), while
    a class works on one exercise at a time; the trainer names it.
    """
    if students < 1:
        raise ValueError(f"--students {students}: the class needs at least one student")
    return ClassPlan(dict.fromkeys(resolve_open(open_, paths), students),
                     spare=min(SPARE, students))


def _pool_manager_factory(base_factory, plan: ClassPlan):
    """Wraps Voilà's kernel-manager factory: pools filled a few at a time, refilled when quiet."""

    def factory(base_class, preheat_kernel, default_pool_size, page_config_hook=None):
        voila_manager = base_factory(base_class, preheat_kernel, default_pool_size,
                                     page_config_hook=page_config_hook)

        class ClassroomKernelManager(voila_manager):
            def __init__(self, **kwargs):
                self.taken = {}      # app → ids of kernels given to pages (until shut down)
                self._last_page = 0.0
                self._fillers = {}   # app → the task filling its pool
                self._given = {}     # kernel → when a page got it (until the page connects)
                self._young = {}     # kernel → when a page got it (kept until it is shut down)
                plan.manager = self
                super().__init__(**kwargs)

            # -- what Voilà asks ------------------------------------------------------------
            def _ready_items(self, app):
                return [f for f in self._pools.get(app, ())
                        if f.done() and not f.cancelled() and f.exception() is None]

            def ready_count(self, app) -> int:
                """Kernels of ``app`` whose page has been rendered (shown at once)."""
                return sum(f.result()["task"].done() for f in self._ready_items(app))

            def pages_loading(self) -> int:
                """Pages given a kernel that have not connected to it yet (up to PAGE_GRACE s)."""
                now = time.monotonic()
                return sum(now - given < PAGE_GRACE for given in self._given.values())

            def get_pool_size(self, notebook_name):
                # Only started kernels: a kernel still starting would make the student wait
                # for it and its turn; a page then starts its own kernel at once instead.
                return len(self._ready_items(notebook_name))

            async def get_rendered_notebook(self, notebook_name, extra_kernel_env_variables=None,
                                            **kwargs):
                ready = self._ready_items(notebook_name)
                if not ready:
                    raise RuntimeError(f"kernel pool for {notebook_name} is empty")
                item = next((f for f in ready if f.result()["task"].done()), ready[0])
                self._pools[notebook_name].remove(item)
                content = item.result()
                renderer, kernel_id = content["renderer"], content["kernel_id"]
                renderer.stop_generator = True
                self.taken.setdefault(notebook_name, set()).add(kernel_id)
                self._last_page = self._given[kernel_id] = time.monotonic()
                with contextlib.suppress(KeyError):  # idle in the pool ≠ idle on a page
                    from jupyter_server._tz import utcnow

                    self.get_kernel(kernel_id).last_activity = utcnow()
                self.log.info("Using pre-heated kernel: %s for %s", kernel_id, notebook_name)
                self.fill_if_needed(delay=None, notebook_name=notebook_name)
                return content["task"], renderer.rendered_cache, kernel_id

            def fill_if_needed(self, delay=None, notebook_name=None, **kwargs):
                self._pools.setdefault(notebook_name, [])
                if plan.target(notebook_name) <= 0:
                    return
                running = self._fillers.get(notebook_name)
                if running is not None and not running.done():
                    return
                try:
                    loop = asyncio.get_event_loop()
                except RuntimeError:
                    loop = asyncio.new_event_loop()
                    asyncio.set_event_loop(loop)
                self._fillers[notebook_name] = loop.create_task(
                    self._fill(notebook_name, wait_quiet=delay is None))

            async def _fill(self, app, *, wait_quiet):
                """Start kernels for ``app`` a few at a time until its pool has its target."""
                batch = max(1, os.cpu_count() or 1)
                while True:
                    pool = self._pools.setdefault(app, [])
                    missing = plan.target(app) - len(pool)
                    if missing <= 0:
                        return
                    # Before anyone came, fill at once; from the first page on, only when quiet:
                    # no page opened or connected for fill_delay s, and none still loading (a
                    # kernel prepared now would compete with the pages that are connecting).
                    quiet_for = time.monotonic() - self._last_page
                    if (wait_quiet or self._last_page) and quiet_for < self.fill_delay:
                        await asyncio.sleep(self.fill_delay - quiet_for)
                        continue
                    if (wait_quiet or self._last_page) and self.pages_loading():
                        await asyncio.sleep(self.fill_delay / 4)
                        continue
                    config = self.kernel_pools_config.setdefault(app, {})
                    config["pool_size"] = len(pool) + min(batch, missing)
                    voila_manager.fill_if_needed(self, delay=0, notebook_name=app)
                    started = pool[-min(batch, missing):]
                    for item in started:
                        try:
                            content = await item
                            await asyncio.shield(content["task"])  # the page has been rendered
                        except Exception:
                            self.log.exception("A pre-heated kernel for %s failed", app)
                            with contextlib.suppress(ValueError):
                                pool.remove(item)
                            await asyncio.sleep(5)

            async def start_kernel(self, *args, **kwargs):
                for_page = kwargs.get("env", {}).get("VOILA_PREHEAT") != "True"
                if for_page:  # a page starting its own kernel: not a quiet moment either
                    self._last_page = time.monotonic()
                kernel_id = await super().start_kernel(*args, **kwargs)
                if for_page:
                    self._given[kernel_id] = self._young[kernel_id] = time.monotonic()
                return kernel_id

            def notify_connect(self, kernel_id):
                self._given.pop(kernel_id, None)  # the page is there: the usual culling rule
                self._last_page = time.monotonic()  # pages still connecting: not quiet yet
                return super().notify_connect(kernel_id)

            async def cull_kernel_if_idle(self, kernel_id):
                # A page still loading (20 pages on a busy machine can take a minute) has
                # not connected yet: its kernel is not a closed tab's.
                # Nor is a page's kernel younger than PAGE_GRACE even once it was connected:
                # the first page of a fresh classroom connects while rendering, then loads its
                # scripts and reconnects; a cold machine took over CULL_IDLE s for that, and the
                # student got the 'kernel closed' notice on a page that had just opened.
                given = self._young.get(kernel_id)
                if given is not None and time.monotonic() - given < PAGE_GRACE:
                    return None
                return await super().cull_kernel_if_idle(kernel_id)

            async def shutdown_kernel(self, kernel_id, *args, **kwargs):
                self._given.pop(kernel_id, None)
                self._young.pop(kernel_id, None)
                for ids in self.taken.values():
                    ids.discard(kernel_id)
                return await super().shutdown_kernel(kernel_id, *args, **kwargs)

        return ClassroomKernelManager

    return factory


def voila_settings():
    """What every server of the classroom sets for Voilà and its kernels (a traitlets ``Config``).

    Used by :func:`make_app` and by a student's own server on JupyterHub
    (:mod:`coachkit.teaching.hub`): the offline template with the Finnish notices, the
    culling of a closed tab's kernel, and cells that wait for their output.
    """
    from traitlets.config import Config

    config = Config()
    config.VoilaConfiguration.template = TEMPLATE
    config.VoilaConfiguration.theme = "light"
    # A closed tab's kernel shutdown is refused by Voilà 0.5 (voila#1458): a kernel
    # without a page is culled instead, within CULL_IDLE + CULL_INTERVAL seconds.
    config.MappingKernelManager.cull_idle_timeout = CULL_IDLE
    config.MappingKernelManager.cull_interval = CULL_INTERVAL
    config.MappingKernelManager.cull_connected = False
    # Under load a form's output can come late: wait for it, and if it never comes, say so.
    config.VoilaExecutor.iopub_timeout = IOPUB_TIMEOUT
    config.VoilaExecutor.raise_on_iopub_timeout = True
    config.VoilaExecutor.startup_timeout = 300
    config.VoilaExecutor.cell_error_instruction = FAILED
    config.VoilaExecutor.cell_timeout_instruction = FAILED
    return config


def make_app(folder, *, port: int = 8866, ip: str = "127.0.0.1",
             students: int = DEFAULT_STUDENTS, open_=(), code: str | None = None,
             allow_hosts=(), max_pages: int = MAX_PAGES):
    """A configured Voilà application serving ``folder`` with the Finnish landing page.

    ``students`` and ``open_`` size the kernel pools (:func:`plan_pools`).  Every request
    passes the classroom's :class:`~coachkit.teaching.access.Gate` (``app.gate``: class code
    ``code``, trainer code, ``allow_hosts``); one client address holds at most ``max_pages``
    app pages at once (0: no cap).
    """
    import tempfile

    import tornado.web
    import voila.app
    from voila.app import Voila
    from voila.static_file_handler import TemplateStaticFileHandler
    from voila.tornado.handler import TornadoVoilaHandler

    from .access import (
        PageCount,
        class_gate,
        gated_application,
        is_loopback,
        page_limit,
        template_static_handler,
    )

    if max_pages < 0:
        raise ValueError(f"--max-pages {max_pages}: give 0 (no cap) or more")
    plan = plan_pools(app_paths(), students=students, open_=open_)  # bad names: before any file
    # a bad code: one line before any file; the codes are kept in the folder between starts
    gate = class_gate(folder, ip=ip, port=port, code=code, allow_hosts=allow_hosts)
    sections = prepare(folder)
    managers = _write_widget_managers(Path(folder, ".jupyter", "widget-managers"))
    links = [(h, [("/" + u, t) for u, t in e]) for h, e in sections]
    addresses = [] if gate.local_only else (
        [ip] if ip not in ("", "0.0.0.0", "::") else _lan_addresses())
    join = gate.student_url(addresses[0] if addresses else "127.0.0.1") if gate.class_code else None
    pages = PageCount(max_pages)

    class Landing(tornado.web.RequestHandler):
        def get(self):
            trainer = gate.level(self.request) >= 2
            # The QR code is for the projector: the trainer's machine or the trainer's code.
            show = join if trainer or is_loopback(self.request.remote_ip or "") else None
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.write(landing_page(links, plan.status(), join=show, trainer=trainer))

    class Status(tornado.web.RequestHandler):
        """``/tila``: the pools as JSON (for the trainer's scripts, the bench and the tests)."""

        def get(self):
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.write(json.dumps(plan.status(), ensure_ascii=False))

    class TrainerOnly(tornado.web.RequestHandler):
        def prepare(self):
            # The gate refuses these paths already; the handler checks again, so the trainer's
            # page stays closed under any URL prefix it may be mounted at.
            if gate.level(self.request) < 2:
                raise tornado.web.HTTPError(403)

    replaced = {TornadoVoilaHandler: lambda c: page_limit(c, pages),
                TemplateStaticFileHandler: template_static_handler}

    class Classroom(Voila):
        def init_handlers(self):
            handlers = [(r"/", Landing), (r"/index.html", Landing), (r"/tila", Status),
                        *trainer_routes(folder, TrainerOnly, prefix=TRAINER_PATH, join=join)]
            for route in super().init_handlers():
                if isinstance(route, tuple) and route[1] in replaced:
                    route = (route[0], replaced[route[1]](route[1]), *route[2:])
                handlers.append(route)
            return handlers

        def init_settings(self):
            original = voila.app.voila_kernel_manager_factory
            voila.app.voila_kernel_manager_factory = _pool_manager_factory(original, plan)
            try:
                return super().init_settings()
            finally:
                voila.app.voila_kernel_manager_factory = original

        @property
        def display_url(self):
            # Voilà prints "Voilà is running at: <this>" last in the console: the address that
            # opens (its own guess, the machine's host name without the code, is refused)
            return gate.student_url(ip if gate.local_only else "127.0.0.1")

        def start(self):
            # Voilà's start, with the gate in front of every handler (the tornado application
            # is made here, so no request reaches a handler without passing it).
            self.connection_dir = tempfile.mkdtemp(prefix="voila_", dir=self.connection_dir_root)
            self.app = gated_application(gate, **self.init_settings())
            self.app.settings.update(self.tornado_settings)
            self.app.add_handlers(".*$", self.init_handlers())
            self.listen()

    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(Path(folder, ".jupyter").resolve()), os.environ.get("JUPYTER_PATH", "")]).strip(os.pathsep)
    # Kernels inherit this: figures inline even when the Makefile set MPLBACKEND=Agg.
    os.environ["MPLBACKEND"] = INLINE_BACKEND
    config = voila_settings()
    config.VoilaConfiguration.preheat_kernel = True
    config.VoilaConfiguration.extra_labextensions_path = managers
    config.VoilaKernelManager.fill_delay = float(FILL_DELAY)
    app = Classroom(config=config)
    app.plan, app.gate, app.join_url, app.addresses = plan, gate, join, addresses
    # A busy port is an error, not another port: the printed addresses must be the real ones.
    app.initialize([str(Path(folder).resolve()), "--no-browser", f"--port={port}",
                    "--Voila.port_retries=0",
                    f"--Voila.ip={ip}", f"--template={TEMPLATE}", "--theme=light"])
    app.log.addFilter(QuietConsole())
    return app


def serve(folder=DEFAULT_FOLDER, *, port: int = 8866, ip: str = "127.0.0.1",
          students: int = DEFAULT_STUDENTS, open_=(), code: str | None = None,
          allow_hosts=(), max_pages: int = MAX_PAGES) -> None:
    """Start the classroom server and block until Ctrl+C.

    Prints the students' address (with the class code when one is needed: listening beyond
    this machine, or ``code`` given) and the trainer's page with the trainer code.
    """
    app = make_app(folder, port=port, ip=ip, students=students, open_=open_, code=code,
                   allow_hosts=allow_hosts, max_pages=max_pages)
    gate = app.gate
    here = ip if gate.local_only else "127.0.0.1"
    if gate.class_code:
        print(f"Luokkahuone käynnissä: http://{here}:{port}/?token={gate.class_code}  "
              "(lopeta: Ctrl+C)", flush=True)
        for address in app.addresses:
            print(f"Opiskelijoiden osoite (etusivulla QR-koodina): {gate.student_url(address)}",
                  flush=True)
        print(f"Luokan koodi: {gate.class_code} – ilman sitä luokkahuone ei avaudu.", flush=True)
    else:
        print(f"Luokkahuone käynnissä: http://{here}:{port}/  (lopeta: Ctrl+C)", flush=True)
    print(f"Kouluttajan sivu – vain sinulle, älä näytä videotykillä: {gate.trainer_url(here)}",
          flush=True)
    ready = {a: t for a, t in app.plan.targets.items() if t > 0}
    if ready:
        print("Valmistellaan sivuja valmiiksi: " + ", ".join(f"{Path(a).stem} × {t}"
                                                             for a, t in ready.items())
              + " – etusivu kertoo, kun luokkahuone on valmis.", flush=True)
    else:
        print("Koko luokalle: käynnistä --open 01 (harjoituksen numero), niin sivut ovat "
              "valmiina, kun opiskelijat avaavat ne.", flush=True)
    app.start()


def _lan_addresses() -> list:
    """This machine's addresses in the local network (for students' laptops), the one on the
    route out first (the likeliest to be the class network's)."""
    import socket

    found, first = set(), []
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("10.255.255.255", 1))  # no packet is sent; picks the outgoing interface
        first.append(s.getsockname()[0])
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(info[4][0])
    return [a for a in dict.fromkeys([*first, *sorted(found)]) if not a.startswith("127.")]
