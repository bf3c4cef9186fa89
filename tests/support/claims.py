"""Checking the claims' locators against the copies of the sources (tests only).

The copies are not part of the kit: ``COACHKIT_SEEDS`` names the folder that holds them
(``.ci/run`` points it at ``../shared/seeds``, so CI checks every claim); without it the
locator tests skip and say why.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from coachkit.reference.sources import SOURCES, Locator

__all__ = ["seed_dir", "chapter_of", "locator_problems"]


def seed_dir() -> Path | None:
    """Folder holding copies of the sources, from ``COACHKIT_SEEDS`` (``None`` when not set)."""
    env = os.environ.get("COACHKIT_SEEDS", "").strip()
    return Path(env) if env else None


def _lines(source_id: str) -> list[str]:
    folder = seed_dir()
    if folder is None:
        raise ValueError("COACHKIT_SEEDS is not set: name the folder holding copies of the sources")
    return _read(folder / SOURCES[source_id].file)


@functools.lru_cache(maxsize=16)
def _read(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def _headings(source_id: str) -> list[tuple[int, str]]:
    """(line number, chapter) of every chapter heading in the copy of a source."""
    src, lines = SOURCES[source_id], _lines(source_id)
    found = []
    if src.heading:
        pattern = re.compile(src.heading)
        for n, line in enumerate(lines, 1):
            m = pattern.match(line)
            if m and ". . ." not in line and len(line.strip()) < 120:
                found.append((n, next(g for g in m.groups() if g)))
    # unnumbered chapters: a short capitalised line ending in the chapter's key word
    for number, word in src.chapters.items():
        found += [(n, number) for n, line in enumerate(lines, 1)
                  if line.strip().endswith(word) and len(line.strip()) < 60
                  and line.strip()[0].isupper()]
    return sorted(found)


def chapter_of(source_id: str, line: int) -> str | None:
    """The chapter a line of a source's copy belongs to (the nearest heading above it)."""
    before = [ch for n, ch in _headings(source_id) if n <= line]
    return before[-1] if before else None


def locator_problems(loc: Locator) -> list[str]:
    """What is wrong with a locator, checked against the copy of its source ([] = fine)."""
    src = SOURCES[loc.source]
    if src.file is None:
        return [] if not loc.lines else [f"{loc.source}: no copy to hold lines {loc.lines}"]
    lines = _lines(loc.source)
    first, last = loc.lines
    if not 1 <= first <= last <= len(lines):
        return [f"{src.file}: lines {first}–{last} outside 1–{len(lines)}"]
    problems = []
    if loc.chapter is not None:
        wanted = loc.chapter.split("–")[0]
        got = chapter_of(loc.source, first)
        if got is None or not (got == wanted or got.startswith(wanted + ".")):
            problems.append(f"{src.file}: line {first} is in chapter {got}, not {loc.chapter}")
    text = "\n".join(lines[first - 1:last])
    problems += [f"{src.file} {first}–{last}: {key!r} not found" for key in loc.keys
                 if key not in text]
    return problems
