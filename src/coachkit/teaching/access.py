"""Who may use the classroom, and how much: class code, trainer code, host names, pages per client.

Every request to ``coachkit classroom`` passes :class:`Gate` before it reaches a handler — the
landing page, the apps, static files, the kernel API and its websockets alike:

* **Host header.**  A name the classroom does not know is refused (403) on 127.0.0.1 too, so a
  web page under a foreign name that resolves to this machine (DNS rebinding) reaches nothing.
  Known: ``localhost``, ``127.0.0.1``, ``::1``, the names given with ``--allow-host``; when the
  classroom listens beyond this machine also its host name and any IP address (rebinding works
  through a name, never through an address typed by the student).
* **Origin header.**  A request that carries one (websockets always do) must come from the
  page's own address.
* **Class code.**  Listening beyond this machine (``--ip 0.0.0.0``), or with ``--code``, every
  request needs the code: ``?token=<code>`` once (the students' address printed by the server
  and shown as a QR code) sets a cookie for the rest of the visit; scripts may also send
  ``Authorization: token <code>``.
* **Trainer code.**  The trainer's page (``/opettaja``) needs a code of its own, printed to the
  trainer only; the class code never opens it.  The trainer code opens every page.

:class:`PageCount` caps the app pages (kernels, ~100 MB each) one client address holds at once;
the machine itself (loopback: the projector, the tests, the benchmark) is not capped.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import ipaddress
import re
import secrets
import socket
from collections import Counter, defaultdict
from urllib.parse import urlsplit

from ..i18n import DEFAULT_LANG, t

#: letters and digits that cannot be mistaken for each other on a projector (no 0/o, 1/l/i)
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CLASS_CODE_LENGTH = 8
TRAINER_CODE_LENGTH = 16
#: the trainer's page and everything under it
TRAINER_PATH = "/opettaja"
#: app pages (kernels) one client address may hold at once (0: no cap)
MAX_PAGES = 6
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

#: what the gate says (catalogue keys teaching.access.*; templates filled in where used)
NO_CODE = t("teaching.access.no_code", DEFAULT_LANG)
BAD_CODE = t("teaching.access.bad_code", DEFAULT_LANG)
TRAINER_ONLY = t("teaching.access.trainer_only", DEFAULT_LANG)
BAD_HOST = t("teaching.access.bad_host", DEFAULT_LANG)
BAD_ORIGIN = t("teaching.access.bad_origin", DEFAULT_LANG)
TOO_MANY = t("teaching.access.too_many", DEFAULT_LANG)


def new_code(length: int = CLASS_CODE_LENGTH) -> str:
    """A random code of ``length`` characters from :data:`CODE_ALPHABET`."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def check_code(code: str) -> str:
    """A code the trainer chose (``--code``): 6–64 letters, digits, ``-`` or ``_``.

    >>> check_code("kerta2-syksy")
    'kerta2-syksy'
    >>> check_code("abc")
    Traceback (most recent call last):
    ...
    ValueError: --code 'abc': use 6 to 64 letters, digits, '-' or '_' (it goes into the address)
    """
    if not re.fullmatch(r"[A-Za-z0-9_-]{6,64}", code or ""):
        raise ValueError(f"--code {code!r}: use 6 to 64 letters, digits, '-' or '_' "
                         "(it goes into the address)")
    return code


def is_loopback(address: str) -> bool:
    """Whether ``address`` (an IP address or ``localhost``) is this machine only.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0"), is_loopback("")
    (True, True, False, False)
    """
    if address == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return (getattr(ip, "ipv4_mapped", None) or ip).is_loopback


def host_name(host: str) -> str:
    """The name part of a Host header, lower case, without port, brackets or final dot.

    >>> host_name("[::1]:8866"), host_name("LocalHost.:80"), host_name("192.0.2.7")
    ('::1', 'localhost', '192.0.2.7')
    """
    host = (host or "").strip().lower()
    if host.startswith("["):
        host = host[1:host.find("]")] if "]" in host else host[1:]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def machine_names() -> set:
    """This machine's own host names (for students who type the name, not the address)."""
    names = set()
    for name in (socket.gethostname(), socket.getfqdn()):
        if name:
            names |= {name.lower(), f"{name.lower()}.local"}
    return names


def _cookie_value(code: str, purpose: str) -> str:
    # The cookie carries a keyed digest, never the code itself: it stays valid across a restart
    # with the same code (kept in the folder between starts, :func:`class_gate`); a new code
    # invalidates it.
    return hmac.new(code.encode(), purpose.encode(), hashlib.sha256).hexdigest()[:40]


#: where a classroom keeps its codes between starts (in its folder, readable by the trainer only)
CODES_FILE = ".koodit.json"


def class_gate(folder, *, ip: str, port: int, code: str | None = None, allow_hosts=()) -> Gate:
    """The classroom's :class:`Gate`, with the codes kept in the folder between starts.

    A restart of the classroom (a laptop that went to sleep, a crash) keeps the class code and the
    trainer's code, so the projected QR code, the students' open tabs (their cookies are keyed by
    the code) and the trainer's bookmark still work.  ``code`` (``--code``) replaces the kept
    class code; deleting ``DIR/.koodit.json`` gives new codes at the next start.  The file is
    written with mode 0600.  On loopback without ``code`` no class code is asked, as before.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     first = class_gate(d, ip="0.0.0.0", port=8866)
    ...     again = class_gate(d, ip="0.0.0.0", port=8866)
    ...     chosen = class_gate(d, ip="0.0.0.0", port=8866, code="kerta2-syksy")
    >>> again.class_code == first.class_code, again.trainer_code == first.trainer_code
    (True, True)
    >>> chosen.class_code, chosen.trainer_code == first.trainer_code
    ('kerta2-syksy', True)
    """
    import json
    import os
    from pathlib import Path

    path = Path(folder) / CODES_FILE
    kept: dict = {}
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(kept, dict):
            kept = {}
    except (OSError, ValueError):
        kept = {}

    def valid(value):
        try:
            return check_code(value) if isinstance(value, str) else None
        except ValueError:
            return None

    local = is_loopback(ip)
    wanted = code if code is not None else (None if local else valid(kept.get("class")))
    gate = Gate(ip=ip, port=port, code=wanted, trainer_code=valid(kept.get("trainer")),
                allow_hosts=allow_hosts)
    keep = {"class": gate.class_code or valid(kept.get("class")), "trainer": gate.trainer_code}
    if keep != {k: kept.get(k) for k in keep}:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(keep, out)
        os.chmod(path, 0o600)
    return gate


class Gate:
    """The classroom's door: decides for each request whether it may pass.

    Parameters
    ----------
    ip : str
        The address the classroom listens on (``127.0.0.1``, ``0.0.0.0``, …).
    port : int
        Its port (cookies are named after it: two classrooms on one machine keep theirs apart).
    code : str, optional
        The class code.  None: a new one when ``ip`` is beyond loopback, none needed otherwise.
    trainer_code : str, optional
        The trainer's code (default: a new random one).
    allow_hosts : iterable of str
        Extra host names to accept (``--allow-host``).

    Examples
    --------
    >>> gate = Gate(ip="127.0.0.1", port=8866)
    >>> gate.class_code is None, gate.host_allowed("localhost:8866"), gate.host_allowed("evil.test")
    (True, True, False)
    >>> Gate(ip="0.0.0.0", port=8866, code="kerta2-abc").student_url("192.0.2.7")
    'http://192.0.2.7:8866/?token=kerta2-abc'
    """

    def __init__(self, *, ip: str, port: int, code: str | None = None,
                 trainer_code: str | None = None, allow_hosts=()):
        self.ip, self.port = ip, port
        self.local_only = is_loopback(ip)
        if code is not None:
            self.class_code = check_code(code)
        else:
            self.class_code = None if self.local_only else new_code()
        self.trainer_code = trainer_code or new_code(TRAINER_CODE_LENGTH)
        self.hosts = set(LOOPBACK_NAMES) | {host_name(h) for h in allow_hosts if host_name(h)}
        if not self.local_only:
            self.hosts |= machine_names()
            if ip not in ("", "0.0.0.0", "::"):
                self.hosts.add(host_name(ip))
        self.class_cookie = f"coachkit_luokka_{port}"
        self.trainer_cookie = f"coachkit_opettaja_{port}"
        self._class_value = _cookie_value(self.class_code, "class") if self.class_code else ""
        self._trainer_value = _cookie_value(self.trainer_code, "trainer")

    # -- what is printed and shown --------------------------------------------------------------
    def student_url(self, address: str) -> str:
        """The address students open (with the class code, when one is needed)."""
        host = f"[{address}]" if ":" in address else address
        query = f"?token={self.class_code}" if self.class_code else ""
        return f"http://{host}:{self.port}/{query}"

    def trainer_url(self, address: str = "127.0.0.1") -> str:
        """The trainer's page with the trainer code (print it to the trainer only)."""
        host = f"[{address}]" if ":" in address else address
        return f"http://{host}:{self.port}{TRAINER_PATH}?token={self.trainer_code}"

    # -- checks ---------------------------------------------------------------------------------
    def host_allowed(self, host: str) -> bool:
        """Whether a Host header names this classroom (see the module docstring)."""
        name = host_name(host)
        if name in self.hosts:
            return True
        if _is_ip(name):
            return is_loopback(name) or not self.local_only
        return False

    def origin_allowed(self, origin: str | None, host: str) -> bool:
        """No Origin (scripts, same-origin navigation) or the page's own scheme and address."""
        if origin is None:
            return True
        parts = urlsplit(origin.strip().lower())
        return parts.scheme in ("http", "https") and parts.netloc == (host or "").strip().lower()

    def level(self, request) -> int:
        """0: no code, 1: the class code, 2: the trainer code (from the query, header or cookie).

        A code given in the query or header is remembered on the request (``request.
        coachkit_cookies``) so that the response sets the visit's cookie.
        """
        given = [v.decode("utf-8", "replace") for v in request.query_arguments.get("token", [])]
        auth = request.headers.get("Authorization", "")
        if auth.lower().startswith("token "):
            given.append(auth[6:].strip())
        found, cookies = 0, []
        for token in given:
            if hmac.compare_digest(token.encode(), self.trainer_code.encode()):
                found = 2
                cookies.append((self.trainer_cookie, self._trainer_value))
            elif self.class_code and hmac.compare_digest(token.encode(), self.class_code.encode()):
                found = max(found, 1)
                cookies.append((self.class_cookie, self._class_value))
        request.coachkit_cookies = cookies
        if found < 2 and self._has_cookie(request, self.trainer_cookie, self._trainer_value):
            found = 2
        if found < 1 and self.class_code and self._has_cookie(request, self.class_cookie,
                                                              self._class_value):
            found = 1
        request.coachkit_code_given = bool(given)
        return found

    @staticmethod
    def _has_cookie(request, name: str, value: str) -> bool:
        try:
            morsel = request.cookies.get(name)
        except Exception:  # a malformed Cookie header is no cookie
            return False
        return morsel is not None and hmac.compare_digest(morsel.value.encode(), value.encode())

    def refusal(self, request):
        """None if ``request`` may pass, else ``(status, Finnish reason)``."""
        host = request.headers.get("Host", "")
        if not self.host_allowed(host):
            return 403, BAD_HOST.format(host=host_name(host)[:80])
        origin = request.headers.get("Origin")
        if not self.origin_allowed(origin, host):
            return 403, BAD_ORIGIN.format(origin=origin[:80])
        level = self.level(request)
        path = request.path.rstrip("/") or "/"
        if path == TRAINER_PATH or path.startswith(TRAINER_PATH + "/"):
            return None if level >= 2 else (403, TRAINER_ONLY)
        if self.class_code and level < 1:
            return 403, BAD_CODE if request.coachkit_code_given else NO_CODE
        return None


class PageCount:
    """App pages (kernels) per client address: at most ``limit`` at once (0: no cap).

    A page counts from its request until its kernel is shut down (a closed tab's kernel is
    culled within about two minutes).  Loopback clients — the machine itself — are not capped.

    >>> count = PageCount(2)
    >>> alive = {"k1", "k2"}
    >>> t1 = count.admit("192.0.2.7", alive); count.noted(t1, "k1")
    >>> t2 = count.admit("192.0.2.7", alive); count.noted(t2, "k2")
    >>> count.admit("192.0.2.7", alive)
    Traceback (most recent call last):
    ...
    coachkit.teaching.access.TooManyPages: 2
    >>> count.admit("127.0.0.1", alive) is not None  # the trainer's own machine
    True
    """

    def __init__(self, limit: int = MAX_PAGES):
        self.limit = limit
        self.kernels = defaultdict(set)  # client → kernel ids its pages got
        self.loading = Counter()         # client → pages requested whose kernel is not known yet

    def held(self, client: str, alive) -> int:
        self.kernels[client] = {k for k in self.kernels[client] if k in alive}
        return len(self.kernels[client]) + self.loading[client]

    def admit(self, client: str, alive):
        """A ticket for one more page, or :class:`TooManyPages` with how many the client holds."""
        if self.limit > 0 and not is_loopback(client):
            held = self.held(client, alive)
            if held >= self.limit:
                raise TooManyPages(held)
        self.loading[client] += 1
        return {"client": client, "kernel": None}

    def noted(self, ticket, kernel_id: str) -> None:
        """The page of ``ticket`` got ``kernel_id``."""
        if ticket["kernel"] is None:
            self.loading[ticket["client"]] -= 1
        ticket["kernel"] = kernel_id
        self.kernels[ticket["client"]].add(kernel_id)

    def done(self, ticket) -> None:
        """The page's request has ended (its kernel, if any, still counts while it lives)."""
        if ticket["kernel"] is None:
            self.loading[ticket["client"]] -= 1
            ticket["kernel"] = ""


class TooManyPages(Exception):
    """A client already holds as many pages as allowed (the argument: how many)."""


def refusal_page(status: int, text: str) -> str:
    """A small Finnish page for a refused request."""
    return ('<!doctype html>\n<html lang="fi"><head><meta charset="utf-8">'
            '<link rel="icon" href="data:,"><title>Luokkahuone</title>'
            "<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;font-size:1.2em}"
            "</style></head>\n<body><h1>Luokkahuone</h1>\n"
            f'<p id="syy" data-status="{status}">{html.escape(text)}</p>\n</body></html>\n')


def qr_svg(url: str) -> str:
    """``url`` as a QR code, an inline ``<svg>`` that scales to its box (drawn with segno)."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=1, border=2, omitsize=True,
                                                 svgclass="qr", title=url)


# -- tornado: the gate in front of every handler --------------------------------------------------

def gated_application(gate: Gate, **settings):
    """A ``tornado.web.Application`` whose every request passes ``gate`` first."""
    import tornado.web

    class Refused(tornado.web.RequestHandler):
        def initialize(self, status, text):
            self.status, self.text = status, text

        def prepare(self):
            self.set_status(self.status)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(refusal_page(self.status, self.text))

    class VisitCookie(tornado.web.OutputTransform):
        """Sets the visit's cookie on the response to a request that brought a code."""

        def __init__(self, request):
            self.cookies = getattr(request, "coachkit_cookies", ())

        def transform_first_chunk(self, status_code, headers, chunk, finishing):
            for name, value in self.cookies:
                headers.add("Set-Cookie", f"{name}={value}; Path=/; HttpOnly; SameSite=Lax")
            return status_code, headers, chunk

    class GatedApplication(tornado.web.Application):
        def find_handler(self, request, **kwargs):
            refused = gate.refusal(request)
            if refused is not None:
                status, text = refused
                return self.get_handler_delegate(request, Refused, {"status": status, "text": text})
            return super().find_handler(request, **kwargs)

    return GatedApplication(transforms=[VisitCookie], **settings)


def page_limit(handler_class, count: PageCount):
    """``handler_class`` (Voilà's page handler) refusing a page over ``count``'s cap (429)."""

    class _NotingKernels:
        """The kernel manager as the page handler sees it: notes the kernel its page gets."""

        def __init__(self, manager, note):
            self._manager, self._note = manager, note

        def __getattr__(self, name):
            return getattr(self._manager, name)

        async def start_kernel(self, *args, **kwargs):
            from nbclient.util import ensure_async

            kernel_id = await ensure_async(self._manager.start_kernel(*args, **kwargs))
            self._note(kernel_id)
            return kernel_id

        async def get_rendered_notebook(self, *args, **kwargs):
            result = await self._manager.get_rendered_notebook(*args, **kwargs)
            self._note(result[2])
            return result

    class LimitedPage(handler_class):
        _ticket = None

        @property
        def kernel_manager(self):
            manager = self.settings["kernel_manager"]
            if self._ticket is None:
                return manager
            return _NotingKernels(manager, lambda kernel_id: count.noted(self._ticket, kernel_id))

        async def get(self, *args, **kwargs):
            manager = self.settings["kernel_manager"]
            try:
                self._ticket = count.admit(self.request.remote_ip or "", manager)
            except TooManyPages as exc:
                self.set_status(429)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.set_header("Cache-Control", "no-store")
                self.finish(refusal_page(429, TOO_MANY.format(held=exc.args[0],
                                                              limit=count.limit)))
                return
            try:
                await super().get(*args, **kwargs)
            finally:
                count.done(self._ticket)

    LimitedPage.__name__ = f"Limited{handler_class.__name__}"
    return LimitedPage


def template_static_handler(handler_class):
    """Voilà's template static handler answering 404, not 500, for a malformed address."""
    import tornado.web
    from voila.paths import collect_static_paths

    class TemplateStatic(handler_class):
        def parse_url_path(self, path):
            parts = path.split("/", 2)
            if (len(parts) != 3 or parts[1] != "static" or not parts[2]
                    or not re.fullmatch(r"[A-Za-z0-9_-]+", parts[0])
                    or not collect_static_paths(["voila", "nbconvert"], parts[0])):
                raise tornado.web.HTTPError(404)
            return super().parse_url_path(path)

        @classmethod
        def get_absolute_path(cls, root, path):
            try:
                return super().get_absolute_path(root, path)
            except (ValueError, AssertionError, UnboundLocalError):
                raise tornado.web.HTTPError(404) from None

        def validate_absolute_path(self, root, absolute_path):
            try:
                return super().validate_absolute_path(root, absolute_path)
            except AssertionError:
                raise tornado.web.HTTPError(404) from None

    return TemplateStatic
