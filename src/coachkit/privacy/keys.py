"""One secret key per study: found in the data folder or its parents, created once, never printed.

A study's files often sit in sibling folders (``kevät/``, ``syksy/``).  A new
key is therefore not created beside another study key in a sibling or a
subfolder: that would split one study into two keys, so the user is told in
one line to move that key up to the common folder (or to ask for a new key on
purpose with ``new=True``, ``--new-key``).
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from ..errors import InputError

KEY_FILE = "coachkit-pseudonym.key"


def find_key(folder) -> Path | None:
    """The key file in ``folder`` or the nearest of its parents, or None.

    Above ``folder``, the file-system root and the shared temporary folder are
    not a study's folder and are not searched.
    """
    folder = Path(folder).resolve()
    shared = {Path(folder.anchor), Path(tempfile.gettempdir()).resolve()}
    for d in (folder, *folder.parents):
        if d in shared and d != folder:
            break
        if (d / KEY_FILE).is_file():
            return d / KEY_FILE
    return None


def read_key(key_path) -> bytes:
    """The key in a key file (64 hexadecimal characters)."""
    key_path = Path(key_path)
    if not key_path.is_file():
        raise InputError("key file not found", file=key_path)
    try:
        key = bytes.fromhex(key_path.read_text(encoding="ascii").strip())
    except (ValueError, UnicodeDecodeError):
        key = b""
    if len(key) < 16:
        raise InputError("not a coachkit key file (expected 64 hexadecimal characters); "
                         "restore it from your backup", file=key_path)
    return key


def nearby_keys(folder) -> list:
    """Key files in the sibling folders and the subfolders of ``folder`` (one level each).

    Below the shared temporary folder, folders side by side are unrelated scratch: none.
    """
    folder = Path(folder).resolve()
    if Path(tempfile.gettempdir()).resolve() in folder.parents:
        return []
    around = [folder.parent] if folder.parent != folder else []
    out = []
    for d in (*around, folder):
        try:
            children = sorted(c for c in d.iterdir() if c.is_dir() and c != folder)
        except OSError:
            continue
        out += [c / KEY_FILE for c in children if (c / KEY_FILE).is_file()]
    return out


def study_key(folder, *, path=None, create: bool = True, new: bool = False) -> tuple:
    """``(key, key_path, created)``: ``--key``, else the key of the study, else a new one in ``folder``.

    A new key is refused (:class:`~coachkit.errors.InputError`) when a sibling folder or a subfolder
    holds one, unless ``new``.
    """
    if path is not None:
        return read_key(path), Path(path), False
    found = None if new else find_key(folder)
    if found is not None:
        return read_key(found), found, False
    key_path = Path(folder).resolve() / KEY_FILE
    if key_path.exists():
        raise InputError("a key file exists here already; use it (leave out --new-key) or "
                         "move it away first", file=key_path)
    if not create:
        raise InputError("key file not found", file=key_path)
    others = [] if new else nearby_keys(folder)
    if others:
        common = Path(os.path.commonpath([key_path.parent, others[0].parent]))
        raise InputError("another folder of this study has a key; nothing was written. If "
                         f"they are one study, move that key file to {common} and run again; "
                         "if this is a separate study, add --new-key", file=others[0])
    key = secrets.token_bytes(32)
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex() + "\n")
    return key, key_path, True


def load_key(folder, *, create: bool = True, path=None) -> bytes:
    """The study's key (see :func:`study_key`)."""
    return study_key(folder, path=path, create=create)[0]
