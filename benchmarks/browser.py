"""Driving the classroom in headless Chromium: the browser test and the latency benchmark.

Uses Debian's ``chromium`` through Playwright's Python API (``executable_path``), so no
browser is downloaded; the Makefile's set-up installs it (``make test`` and ``make run``).
:func:`classroom_server` starts ``coachkit classroom`` on a free port and stops it afterwards.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

#: Flags that keep Chromium from reaching for the network at start-up (a closed network
#: otherwise fills the console with refused connections).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
#: how long a page waits for an element before an action on it fails (ms)
PAGE_TIMEOUT_MS = 180_000


def find_chromium() -> str | None:
    for path in (os.environ.get("COACHKIT_CHROMIUM"), *CHROMIUM_PATHS, shutil.which("chromium")):
        if path and Path(path).exists():
            return path
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerURL(str):
    """The classroom's base URL (``http://127.0.0.1:<port>/``).

    ``.pid`` is the server's process id, ``.port`` its port, ``.code`` the class code (None
    when none is needed), ``.trainer_code`` the trainer's code and ``.printed`` what the
    server printed at start-up — both codes are read from there, as a trainer would.
    """

    pid: int
    port: int
    code: str | None = None
    trainer_code: str | None = None
    printed: str = ""

    def with_code(self, path: str = "", code: str | None = None) -> str:
        """``path`` under this URL with ``?token=`` (the class code unless ``code`` is given)."""
        code = code or self.code
        if not code:
            return self + path
        return f"{self}{path}{'&' if '?' in path else '?'}token={code}"


def classroom_status(url: str) -> dict:
    """The server's ``/tila``: its kernel pools and how many kernels run."""
    import json

    target = url.with_code("tila") if isinstance(url, ServerURL) else url + "tila"
    with urllib.request.urlopen(target, timeout=10) as r:
        return json.loads(r.read().decode("utf-8"))


def _printed_codes(text: str) -> tuple:
    """(class code or None, trainer code) from what ``coachkit classroom`` printed."""
    import re

    code = re.search(r"Luokan koodi: (\S+)", text)
    trainer = re.search(r"/opettaja\?token=(\S+)", text)
    return (code.group(1) if code else None), (trainer.group(1) if trainer else None)


@contextlib.contextmanager
def classroom_server(folder, *, timeout: float = 120, students: int | None = None, open_=(),
                     ready_timeout: float | None = None, args=()):
    """Run ``coachkit classroom`` on a free port; yields its base URL (a :class:`ServerURL`).

    ``students`` and ``open_`` are ``--students`` and ``--open``, ``args`` any further options
    (``--ip 0.0.0.0``, ``--code …``); with ``ready_timeout`` the URL is yielded only once the
    landing page says the classroom is ready.
    """
    port = free_port()
    # Import what the apps import once, so a fresh install compiles its bytecode here and
    # not inside the first app's kernel, while a browser waits for it.
    subprocess.run([sys.executable, "-c", "import coachkit.dashboards, coachkit.models.selection, "
                    "coachkit.analyses.pyramid, coachkit.analyses.agreement, "
                    "coachkit.teaching.forms, seaborn, "
                    "statsmodels.api, voila.app"], check=False, timeout=600)
    log = open(Path(folder).parent / "classroom.log", "w")  # noqa: SIM115 (closed below)
    cmd = [sys.executable, "-m", "coachkit", "classroom", "--port", str(port), "--dir", str(folder)]
    if students is not None:
        cmd += ["--students", str(students)]
    for app in open_:
        cmd += ["--open", app]
    cmd += list(args)
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    url = ServerURL(f"http://127.0.0.1:{port}/")
    url.pid, url.port = proc.pid, port

    def failed(what):
        log.flush()
        return RuntimeError(f"coachkit classroom {what}: " + Path(log.name).read_text()[-2000:])

    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                log.flush()
                url.printed = Path(log.name).read_text(encoding="utf-8", errors="replace")
                url.code, url.trainer_code = _printed_codes(url.printed)
                with urllib.request.urlopen(url.with_code(), timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise failed("did not start") from None
                time.sleep(0.3)
        if ready_timeout is not None:
            deadline = time.monotonic() + ready_timeout
            while not classroom_status(url)["ready"]:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise failed(f"was not ready within {ready_timeout:.0f} s")
                time.sleep(1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextlib.contextmanager
def hub_server(folder, password: str, *, timeout: float = 120, trainer=None):
    """Run ``coachkit hub`` (the trial JupyterHub) on a free port; yields its base URL.

    ``trainer``: ``(name, password)`` of the trainer (``--trainer``, ``--trainer-password``).

    The hub and everything it starts (proxy, idle culler, students' servers, their kernels)
    run in a session of their own, which is ended as a whole afterwards.
    """
    import signal

    port = free_port()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    log = open(folder.parent / f"{folder.name}-hub.log", "w")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen([sys.executable, "-m", "coachkit", "hub", "--port", str(port),
                             "--password", password, "--dir", str(folder),
                             *(("--trainer", trainer[0], "--trainer-password", trainer[1])
                               if trainer else ())],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = ServerURL(f"http://127.0.0.1:{port}/")
    url.pid = proc.pid
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(url + "hub/login", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError("coachkit hub did not start: "
                                       + Path(log.name).read_text()[-2000:]) from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()  # the hub stops its proxy, services and the students' servers
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
        with contextlib.suppress(ProcessLookupError):  # anything left of this hub's session
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


@contextlib.contextmanager
def browser(executable_path: str):
    """A headless Chromium (Playwright ``Browser``); open pages with :func:`new_page`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable_path, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def new_page(b, *, width: int = 1280, height: int = 900):
    """A fresh page (1280 × 900) that collects console errors in ``page.errors``.

    ``b`` is a browser (the page is a visit of its own) or a context from :func:`new_visit`.

    One page per app: leaving a Voilà page sends a kernel shutdown that Voilà 0.5 refuses
    with 403 (voila-dashboards/voila#1458), which would show up as a console error of the
    *next* app opened in the same page.
    """
    if hasattr(b, "new_context"):  # a browser: the page gets a context (cookies) of its own
        page = b.new_page(viewport={"width": width, "height": height})
    else:  # a context (one visit: pages share its cookies), see :func:`new_visit`
        page = b.new_page()
    # Playwright's 30 s default is shorter than a loaded machine's wait for the kernel's widget
    # states (the managers wait up to 120 s): a control not yet drawn is waited for, not failed
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


def new_visit(b, *, width: int = 1280, height: int = 900):
    """One student's visit: a browser context whose pages share cookies (the code, the name)."""
    return b.new_context(viewport={"width": width, "height": height})


def open_app(page, url: str, *, timeout_ms: int = 600_000) -> None:
    """Open a Voilà app and wait until every cell has run (the spinner is gone).

    The page streams while its cells run, so the wait is for the rendered cells, with a
    generous limit: the first app on a fresh install also waits for Python to compile
    the scientific libraries it imports.
    """
    page.goto(url, timeout=timeout_ms, wait_until="commit")
    page.wait_for_selector("#rendered_cells", state="visible", timeout=timeout_ms)
    page.wait_for_load_state("networkidle", timeout=timeout_ms)


def snapshot(page, selector: str) -> str:
    """What a dashboard shows: the figures' image data and the tables' text under ``selector``."""
    return page.evaluate(
        """(sel) => Array.from(document.querySelectorAll(sel)).map(el =>
              Array.from(el.querySelectorAll('img')).map(i => i.src.slice(-300)).join('|') + '#'
              + Array.from(el.querySelectorAll('table, .widget-html-content, pre'))
                  .map(t => t.innerText).join('|')).join('\\n')""", selector)


def figures(page, selector: str) -> list:
    """The image data of every figure under ``selector`` (one string per figure)."""
    return page.evaluate("(sel) => Array.from(document.querySelectorAll(sel + ' img'))"
                         ".map(i => i.src.slice(-300))", selector)


def press_slider(page, index: int = 0, key: str = "ArrowRight") -> None:
    """Move the ``index``-th slider one step with the keyboard, as a keyboard user would."""
    handle = page.locator(".widget-slider .noUi-handle").nth(index)
    # the widgets are drawn once the kernel's widget states arrive, which on a loaded machine can
    # be well after the page's cells have rendered (the managers wait up to 120 s for them)
    handle.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    handle.focus()
    handle.press(key)


def wait_for_change(page, selector: str, before: str, *, timeout: float = 60,
                    figure: bool = False) -> float:
    """Seconds until what ``selector`` shows differs from ``before``.

    With ``figure=True`` (``before`` from :func:`figures`) it waits for a *new figure*:
    the output area holds as many figures as before and at least one differs — a cleared
    area, mid-redraw, does not count.  Raises ``AssertionError`` on timeout.
    """
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if figure:
            now = figures(page, selector)
            if len(now) == len(before) and now and now != before:
                return time.perf_counter() - t0
        elif snapshot(page, selector) != before:
            return time.perf_counter() - t0
        time.sleep(0.01)
    raise AssertionError(f"nothing under {selector!r} changed within {timeout} s")


def expected_forms(notebook) -> int:
    """How many answer forms an exercise page shows (its ``tehtava(…)`` or ``lomake(…)`` cells)."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    return sum(c.cell_type == "code" and ("tehtava(" in c.source or "lomake(" in c.source)
               for c in nb.cells)


def count_widget_requests(page) -> None:
    """Count in ``page.widget_requests[0]`` the widgets whose state the page asks for alone.

    A page asks its kernel for every widget's state in one message (``request_states``);
    when that answer is late it falls back to one ``request_state`` per widget.
    """
    import re

    page.widget_requests = [0]
    single = re.compile(rb'"method":\s*"request_state"')

    def on_socket(ws):
        def sent(payload):
            data = payload.encode() if isinstance(payload, str) else payload
            page.widget_requests[0] += len(single.findall(data))

        ws.on("framesent", sent)

    page.on("websocket", on_socket)


#: answer forms on a page: their Tarkista buttons
_COUNT_FORMS = """() => Array.from(document.querySelectorAll('button'))
    .filter(b => b.innerText.trim() === 'Tarkista').length"""


def open_class(b, app_url: str, n: int, expected: int, *, timeout: float = 300) -> list:
    """Open ``app_url`` in ``n`` pages at once; wait until each shows its ``expected`` forms.

    The pages are requested one right after another (each returns as soon as the server
    answers), then watched together.  Returns one dict per page: ``forms`` (how many
    appeared), ``seconds`` (from the first request until the page had every form; None if
    it never did within ``timeout``), ``notice`` (the page shows the classroom's Finnish
    notice), ``errors`` (console errors), ``widget_requests`` (the widget states the page
    asked its kernel for one widget at a time: 0 when they came in one answer) and ``page``
    (still open: close it).
    """
    pages = [new_page(b) for _ in range(n)]
    for page in pages:
        count_widget_requests(page)
    t0 = time.perf_counter()
    for page in pages:
        page.goto(app_url, wait_until="commit", timeout=timeout * 1000)
    return _watch_forms(pages, expected, t0, timeout)


def _watch_forms(pages, expected: int, t0: float, timeout: float, step=None) -> list:
    """Poll ``pages`` until each shows ``expected`` forms (see :func:`open_class`).

    ``step(i, page)``, if given, is called for a page on every round before its forms are
    counted and returns False while the page is not yet on its app (a hub log-in on its way).
    """
    n = len(pages)
    done = [None] * n
    counts = [0] * n
    while time.perf_counter() - t0 < timeout and None in done:
        for i, page in enumerate(pages):
            if done[i] is None:
                with contextlib.suppress(Exception):  # a page still navigating
                    if step is None or step(i, page):
                        counts[i] = page.evaluate(_COUNT_FORMS)
                if counts[i] >= expected:
                    done[i] = time.perf_counter() - t0
        time.sleep(0.1)
    out = []
    for i, page in enumerate(pages):
        notice = False
        with contextlib.suppress(Exception):
            notice = page.locator("#coachkit-notice").is_visible()
        out.append({"forms": counts[i], "seconds": done[i], "notice": notice,
                    "errors": list(page.errors), "widget_requests": page.widget_requests[0],
                    "page": page})
    return out


def hub_log_in(page, url: str, name: str, password: str, *, wait: bool = True) -> None:
    """Log in to the hub at ``url`` as a student would: name, class password, *Kirjaudu*.

    With ``wait`` (default) returns when the student's landing page is shown; otherwise as
    soon as the form is sent (the server starts meanwhile).
    """
    page.goto(url + "hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", password)
    if not wait:
        page.evaluate("document.getElementById('login_submit').form.requestSubmit()")
        return
    page.click("#login_submit")
    page.wait_for_url("**/user/*/luokka*", timeout=600_000)


def open_hub_class(b, url: str, names, password: str, app: str, expected: int, *,
                   timeout: float = 600) -> list:
    """``names`` log in to the hub at once, and each opens ``app`` in their own server.

    ``app`` is the app's path under ``voila/render/``.  Each page has its own browser
    context (its own cookies).  Returns :func:`open_class`'s dicts plus ``name``,
    ``landed`` (seconds from the first log-in until the student's landing page was shown),
    ``user_url`` (their server's address) and ``refused`` (responses of status 400 or more).
    """
    pages = [new_page(b) for _ in names]
    for page in pages:  # which address answered an error (the console does not say)
        count_widget_requests(page)
        page.refused = []
        page.on("response", lambda r, page=page: page.refused.append(f"{r.status} {r.url}")
                if r.status >= 400 else None)
    landed = [None] * len(pages)
    users = [None] * len(pages)
    t0 = time.perf_counter()
    for page, name in zip(pages, names, strict=True):
        hub_log_in(page, url, name, password, wait=False)

    def step(i, page):
        if landed[i] is None:
            # asked from the page: Playwright's page.url is only updated during a call
            path = page.evaluate("location.href").split("?")[0]
            if "/user/" not in path or not path.endswith("/luokka"):
                return False
            seconds = time.perf_counter() - t0
            page.goto(path[: -len("luokka")] + "voila/render/" + app, wait_until="commit",
                      timeout=timeout * 1000)  # raises while the landing page still loads
            landed[i], users[i] = seconds, path[: -len("luokka")]
        return True

    out = _watch_forms(pages, expected, t0, timeout, step)
    for r, name, seconds, user in zip(out, names, landed, users, strict=True):
        r.update(name=name, landed=seconds, user_url=user, refused=r["page"].refused)
    return out
