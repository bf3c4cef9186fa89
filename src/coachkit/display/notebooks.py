"""Execute the kit's notebooks headless and write HTML with an index page.

Used by ``make run`` (``coachkit notebooks``) and by the tests.  Notebooks run
on the ``python3`` kernel of the interpreter that runs this code (the
project's ``.venv``), with the notebook's folder as working directory and matplotlib's inline
backend, so no display and no user-level Jupyter set-up is needed.
"""

from __future__ import annotations

import html
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import nbformat

INLINE_BACKEND = "module://matplotlib_inline.backend_inline"

#: Seconds one cell may run before the execution is stopped.
CELL_TIMEOUT = 600
#: Runs of a notebook when a cell gets no answer within CELL_TIMEOUT: a kernel that sat idle
#: while its client waited for ever was seen once on a loaded machine (a lost message); the
#: second run starts a fresh kernel.  Only a timeout is retried, never a failing cell.
RUNS = 2


def notebooks_dir() -> Path:
    """The kit's ``notebooks/`` folder (the project folder's, or the copy a wheel carries)."""
    from ..datasets import shipped_dir

    return shipped_dir("notebooks")


@contextmanager
def kernel_environment():
    """Environment for a notebook kernel started from this process.

    The kernel inherits this process's environment.  ``MPLBACKEND=Agg`` (set by the Makefile
    for headless runs) would hide every figure, so the kernel gets the inline backend, which
    needs no display either.
    """
    saved = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = INLINE_BACKEND
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = saved


@contextmanager
def kernel_stderr_to_log(*, show: bool = True):
    """Send what kernels started inside write on stderr to a log, shown only on failure.

    A kernel inherits file descriptor 2 from this process, so its start-up chatter
    (such as "Kernel is running over TCP without encryption") would reach the
    user's terminal; redirecting the descriptor keeps it out of a clean run.
    ``show=False`` keeps it out of a failed run too (the caller says in one line what failed).
    """
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        except BaseException:
            os.dup2(saved, 2)
            if show:
                log.seek(0)
                sys.stderr.write(log.read().decode("utf-8", "replace"))
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def execute_notebook(path, *, timeout: int = CELL_TIMEOUT, lang: str | None = None):
    """Execute a notebook in memory and return it (outputs and widget state filled in).

    ``lang`` runs it in that language: ``LANG = "<lang>"`` right after the cell tagged
    ``parameters``, as papermill injects a run's parameters (:func:`with_lang`).
    Raises ``nbclient.exceptions.CellExecutionError`` naming the failing cell.
    """
    from nbclient import NotebookClient

    path = Path(path)
    for attempt in range(1, RUNS + 1):
        nb = nbformat.read(path, as_version=4)
        if lang is not None:
            nb = with_lang(nb, lang)
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                store_widget_state=True,
                                resources={"metadata": {"path": str(path.parent)}})
        # The kernel's own stderr (start-up chatter such as the local-TCP notice) goes to a log
        # that is shown only if the run fails; cell errors still arrive through the notebook.
        with kernel_environment(), tempfile.TemporaryFile(mode="w+") as log:
            try:
                client.execute(stderr=log)
                return nb
            except TimeoutError:
                if attempt == RUNS:
                    log.seek(0)
                    sys.stderr.write(log.read())
                    raise
            except Exception:
                log.seek(0)
                sys.stderr.write(log.read())
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def with_lang(nb, lang: str):
    """The notebook with ``LANG = "<lang>"`` set after its parameters cell (or first, if none).

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T"),
    ...     nbformat.v4.new_code_cell('LANG = "fi"', metadata={"tags": ["parameters"]}),
    ...     nbformat.v4.new_code_cell("print(LANG)")])
    >>> [c.source for c in with_lang(nb, "en").cells]
    ['# T', 'LANG = "fi"', '# Parameters\\nLANG = "en"', 'print(LANG)']
    """
    from ..i18n import check_lang

    lang = check_lang(lang)
    cells = list(nb.cells)
    at = next((i + 1 for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", [])), 0)
    cells.insert(at, nbformat.v4.new_code_cell(f'# Parameters\nLANG = "{lang}"',
                                               metadata={"tags": ["injected-parameters"]}))
    nb.cells = cells
    return nb


def notebook_title(nb, fallback: str) -> str:
    """The notebook's title: its first level-1 heading."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def write_html(nb, out: Path, *, no_code: bool = False, lang: str | None = None) -> None:
    """Export an executed notebook to a standalone HTML page that works offline.

    Dashboards become static pictures of their default state and nothing is loaded from
    the network (:mod:`coachkit.display.pages`); the page title is the notebook's own
    title.  ``lang`` is the run's language (``<html lang>`` and the page's notes); by default
    the notebook's last ``LANG =`` assignment, which is the run's parameter when papermill
    injected one (:func:`coachkit.display.pages.notebook_lang`).  ``no_code=True`` leaves
    the code cells out (the trainer's projector variant).
    """
    from nbconvert import HTMLExporter

    from ..i18n import check_lang
    from .pages import freeze_widgets, notebook_lang, set_page_lang, strip_remote

    exporter = HTMLExporter(exclude_input=no_code, exclude_input_prompt=no_code,
                            exclude_output_prompt=no_code)
    title = notebook_title(nb, Path(out).stem)
    lang = check_lang(lang or notebook_lang(nb))
    body, _ = exporter.from_notebook_node(freeze_widgets(nb, lang=lang),
                                          resources={"metadata": {"name": title}})
    body = set_page_lang(strip_remote(body), lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".html.tmp")
    tmp.write_text(body, encoding="utf-8")
    tmp.replace(out)


def write_index(entries, out_dir: Path, *, title: str | None = None,
                sections=None, intro: str = "", lang: str = "fi") -> Path:
    """Write ``index.html`` linking ``entries`` (list of (file name, title)).

    ``sections`` (list of (heading, entries)) replaces ``entries`` for a grouped page;
    ``lang`` is the page's language (:func:`index_page`).
    """
    index = out_dir / "index.html"
    index.write_text(index_page(entries, title=title, sections=sections, intro=intro, lang=lang),
                     encoding="utf-8")
    return index


def index_page(entries, *, title: str | None = None, sections=None, intro: str = "",
               lang: str = "fi") -> str:
    """A self-contained page of links in ``lang`` (nothing loaded from the network).

    ``title`` defaults to the catalogue's ``label.page_index_title`` in ``lang``.

    >>> page = index_page([("01.html", "01 Theme analysis")], lang="en")
    >>> page.split("<body>")[0].count('lang="en"'), "<title>coachkit – notebooks</title>" in page
    (1, True)
    """
    from ..i18n import check_lang, t

    lang = check_lang(lang)
    title = title if title is not None else t("label.page_index_title", lang)
    groups = sections if sections is not None else [("", entries)]
    body = []
    for heading, items in groups:
        if heading:
            body.append(f"<h2>{html.escape(heading)}</h2>")
        links = "\n".join(f'<li><a href="{html.escape(f)}">{html.escape(t)}</a></li>'
                          for f, t in items)
        body.append(f"<ul>\n{links}\n</ul>")
    page = (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            '<link rel="icon" href="data:,">'
            f"<title>{html.escape(title)}</title>"
            '<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;font-size:1.2em}'
            "li{margin:.5em 0}</style></head>\n"
            f"<body><h1>{html.escape(title)}</h1>\n"
            + (f"<p>{html.escape(intro)}</p>\n" if intro else "")
            + "\n".join(body) + "\n</body></html>\n")
    return page


def _notebook_paths(src: Path) -> list:
    paths = sorted(p for p in Path(src).glob("*.ipynb") if not p.name.startswith("."))
    if not paths:
        raise ValueError(f"{src}: no notebooks (*.ipynb) found")
    return paths


def export_folder(src, out, *, progress: bool = True, prefix: str = "", desc: str = "notebooks",
                  no_code: bool = False, lang: str | None = None):
    """Execute every notebook in ``src``; write ``out/<prefix><name>.html``.

    ``lang``: run every notebook in that language (:func:`execute_notebook`); by default each
    runs in its own ``LANG``.

    Returns
    -------
    list of (file name relative to ``out``, title)
    """
    out = Path(out)
    paths = _notebook_paths(src)
    out.mkdir(parents=True, exist_ok=True)
    iterator = paths
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(paths, desc=desc, unit="nb")
    entries = []
    for path in iterator:
        nb = execute_notebook(path, lang=lang)
        target = out / f"{prefix}{path.stem}.html"
        write_html(nb, target, no_code=no_code, lang=lang)
        entries.append((target.relative_to(out).as_posix(), notebook_title(nb, path.stem)))
    return entries


def run_notebooks(src=None, out="build/html", *, progress: bool = True,
                  lang: str | None = None) -> Path:
    """Execute every ``*.ipynb`` in ``src`` and write HTML plus ``index.html`` to ``out``.

    ``lang``: the notebooks run in that language and the index is written in it (default:
    each notebook's own ``LANG``, the index in Finnish).

    Returns
    -------
    Path
        The index page.
    """
    src = Path(src) if src else notebooks_dir()
    entries = export_folder(src, out, progress=progress, lang=lang)
    return write_index(entries, Path(out), lang=lang or "fi").resolve()
