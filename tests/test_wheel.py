"""An installed kit (``pip install .``, not editable) finds its notebooks, exercises, data,
catalogues and claims: the wheel is built and its contents run from another folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel's contents unpacked into a folder of their own (what ``pip install .`` puts
    in site-packages), and an environment that imports the kit from there only."""
    pytest.importorskip("hatchling")
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps",
                    "--no-build-isolation", "-q", "-w", str(tmp / "dist")], check=True,
                   capture_output=True, timeout=300)
    (wheel,) = (tmp / "dist").glob("coachkit-*.whl")
    site = tmp / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    env = dict(os.environ, PYTHONPATH=str(site), MPLBACKEND="Agg")
    env.pop("COACHKIT_DATA", None)
    work = tmp / "work"
    work.mkdir()
    return site, env, work


def _run(installed, *code_or_args, module=False):
    site, env, work = installed
    args = ["-m", "coachkit", *code_or_args] if module else ["-c", *code_or_args]
    return subprocess.run([sys.executable, *args], cwd=work, env=env, capture_output=True,
                          text=True, timeout=900)


def test_the_installed_kit_finds_what_it_ships(installed):
    site = installed[0]
    out = _run(installed, "\n".join([
        "import coachkit",
        "from coachkit.display.notebooks import notebooks_dir",
        "from coachkit.teaching.exercises import exercises_dir",
        "from coachkit.datasets import data_dir, load_dataset",
        "from coachkit.i18n import t",
        "from coachkit.reference.sources import CLAIMS",
        "print(coachkit.__file__)",
        "print(notebooks_dir()); print(exercises_dir()); print(data_dir())",
        "print(len(list(notebooks_dir().glob('*.ipynb'))), len(list(exercises_dir().glob('*.ipynb'))))",
        "print(len(load_dataset('table1_published')), len(CLAIMS), t('column.goal', 'en'))",
    ]))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert all(line.startswith(str(site)) for line in lines[:4]), lines
    notebooks, exercises = map(int, lines[4].split())
    assert notebooks == len(list((ROOT / "notebooks").glob("*.ipynb"))) and notebooks > 0
    assert exercises == len(list((ROOT / "exercises").glob("*.ipynb"))) and exercises > 0
    rows, claims, word = lines[5].split(" ", 2)
    assert int(rows) > 0 and int(claims) > 100 and word == "Goal"


def test_the_installed_kit_reruns_a_notebook_in_english(installed):
    work = installed[2]
    out = _run(installed, "rerun", "02", "--param", "lang=en", "--out", str(work / "out"),
               module=True)
    assert out.returncode == 0, out.stderr
    page = (work / "out" / "02_arvopyramidi.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
