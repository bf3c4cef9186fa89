"""Execute the kit's notebooks headless and write HTML with an index page.

Used by ``make run`` (``coachkit notebooks``) and by the tests.  Notebooks run
on the ``python3`` kernel of the interpreter that runs this code (the
project's ``.venv``), with the notebook's folder as working directory and matplotlib's inline
backend, so no display and no user-level Jupyter set-up is needed.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import nbformat

INLINE_BACKEND = "module://matplotlib_inline.backend_inline"

#: Seconds one cell may run before the execution is stopped.
CELL_TIMEOUT = 600


def notebooks_dir() -> Path:
    """The repository's ``notebooks/`` folder."""
    return Path(__file__).resolve().parents[2] / "notebooks"


def execute_notebook(path, *, timeout: int = CELL_TIMEOUT, parameters: dict | None = None):
    """Execute a notebook in memory and return it (outputs filled in).

    Raises ``nbclient.exceptions.CellExecutionError`` naming the failing cell.
    """
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    # The kernel inherits this process's environment.  MPLBACKEND=Agg (set by
    # the Makefile for headless runs) would hide every figure, so the kernel
    # gets the inline backend, which needs no display either.
    saved = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = INLINE_BACKEND
    try:
        client.execute()
    finally:
        if saved is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = saved
    return nb


def _title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def write_html(nb, out: Path) -> None:
    """Export an executed notebook to a standalone HTML file."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nb)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".html.tmp")
    tmp.write_text(body, encoding="utf-8")
    tmp.replace(out)


def write_index(entries, out_dir: Path, *, title: str = "coachkit – muistikirjat") -> Path:
    """Write ``index.html`` linking ``entries`` (list of (file name, title))."""
    items = "\n".join(f'<li><a href="{html.escape(f)}">{html.escape(t)}</a></li>'
                      for f, t in entries)
    page = (f'<!doctype html>\n<html lang="fi"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title>"
            '<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;font-size:1.2em}'
            "li{margin:.5em 0}</style></head>\n"
            f"<body><h1>{html.escape(title)}</h1>\n<ul>\n{items}\n</ul>\n</body></html>\n")
    index = out_dir / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def run_notebooks(src=None, out="build/html", *, progress: bool = True) -> Path:
    """Execute every ``*.ipynb`` in ``src`` and write HTML plus ``index.html`` to ``out``.

    Returns
    -------
    Path
        The index page.
    """
    src = Path(src) if src else notebooks_dir()
    out = Path(out)
    paths = sorted(p for p in src.glob("*.ipynb") if not p.name.startswith("."))
    if not paths:
        raise ValueError(f"{src}: no notebooks (*.ipynb) found")
    out.mkdir(parents=True, exist_ok=True)
    iterator = paths
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(paths, desc="notebooks", unit="nb")
    entries = []
    for path in iterator:
        nb = execute_notebook(path)
        target = out / f"{path.stem}.html"
        write_html(nb, target)
        entries.append((target.name, _title(nb, path.stem)))
    return write_index(entries, out).resolve()
