"""environment.yml (conda users) must list the same dependencies as pyproject.toml."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names that differ from PyPI names
CONDA_TO_PYPI = {}


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pypi = {_name(d) for d in project["dependencies"]}
    pypi |= {_name(d) for d in project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip_section = set(), set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip_section |= {d.strip() for d in dep.get("pip", [])}
        else:
            conda.add(CONDA_TO_PYPI.get(_name(dep), _name(dep)))
    conda.discard("python")
    conda.discard("pip")
    assert pip_section <= {"-e ."}, "only the kit itself may come from pip"
    assert conda == pypi, (f"only in pyproject: {sorted(pypi - conda)}; "
                           f"only in environment.yml: {sorted(conda - pypi)}")


def test_python_versions_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = [d for d in env["dependencies"] if isinstance(d, str) and _name(d) == "python"]
    assert pins and "3.11" in pins[0] and project["requires-python"] == ">=3.11"
