"""Driving the classroom in headless Chromium: the browser test and the latency benchmark.

Uses Debian's ``chromium`` through Playwright's Python API (``executable_path``), so no
browser is downloaded.  :func:`ensure_chromium` installs what is missing (``apt-get install
chromium`` when run as root); :func:`classroom_server` starts ``coachkit classroom`` on a
free port and stops it afterwards.
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


def find_chromium() -> str | None:
    for path in (os.environ.get("COACHKIT_CHROMIUM"), *CHROMIUM_PATHS, shutil.which("chromium")):
        if path and Path(path).exists():
            return path
    return None


def ensure_chromium() -> str | None:
    """Path of a Chromium, installing Debian's package when missing and possible (root + apt)."""
    path = find_chromium()
    if path or shutil.which("apt-get") is None or os.geteuid() != 0:
        return path
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], env=env, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)
    path = find_chromium()
    if path is None:  # the package lists may be stale on a fresh machine
        subprocess.run(["apt-get", "update", "-q"], env=env, check=False, timeout=600,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], env=env, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)
        path = find_chromium()
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def classroom_server(folder, *, timeout: float = 120):
    """Run ``coachkit classroom`` on a free port; yields its base URL."""
    port = free_port()
    # Import what the apps import once, so a fresh install compiles its bytecode here and
    # not inside the first app's kernel, while a browser waits for it.
    subprocess.run([sys.executable, "-c", "import coachkit.widgets, coachkit.selection, "
                    "coachkit.pyramid, coachkit.agreement, coachkit.teaching.forms, seaborn, "
                    "statsmodels.api, voila.app"], check=False, timeout=600)
    log = open(Path(folder).parent / "classroom.log", "w")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen([sys.executable, "-m", "coachkit", "classroom", "--port", str(port),
                             "--dir", str(folder)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError("coachkit classroom did not start: "
                                       + Path(log.name).read_text()[-2000:]) from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
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

    One page per app: leaving a Voilà page sends a kernel shutdown that Voilà 0.5 refuses
    with 403 (voila-dashboards/voila#1458), which would show up as a console error of the
    *next* app opened in the same page.
    """
    page = b.new_page(viewport={"width": width, "height": height})
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


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
