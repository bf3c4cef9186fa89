"""Who a page belongs to: the student's name and visit, their part of file names, the name and
save boxes.

One student per page (a kernel serves one page).  The name typed in any name box (or filled in
by the classroom's name bar) is the page's student; the classroom's visit id keeps a reloaded
page writing the same files.  The forms (:mod:`coachkit.teaching.forms`) and the save rows of
the week and IPS-25 forms (:func:`save_box`, passed to :mod:`coachkit.dashboards`) use this
module.
"""

from __future__ import annotations

import html
from pathlib import Path

from ..i18n import t

#: who this page belongs to: the name typed, the key in file names, the folder saved to, the
#: visit's id (the browser session's, :func:`set_visit`)
STUDENT: dict = {"name": "", "key": "", "folder": ".", "exercise": "", "visit": ""}
#: name fields on this page that show the student's name (filled by :func:`set_student`)
_NAME_BOXES: list = []
#: callbacks told when the name changes (the restore offer of :func:`tallennus`)
_ON_NAME: list = []


def safe_name(name: str) -> str:
    """A student's or an exercise's name made safe for a file name (at most 40 characters).

    >>> safe_name(" Anna K/../ä "), safe_name("../")
    ('Anna_K_ä', '')
    """
    import re

    return re.sub(r"[^\w-]+", "_", name.strip(), flags=re.UNICODE).strip("_")[:40]


def student_name(name: str, *, page: bool = True, visit: str = "") -> str:
    """A student's part of a file name: distinct for distinct names, plus the visit's id in the classroom.

    The name is kept as typed where it is already safe (``Anna_K``); a name that had to be
    changed to be safe (``Anna K``, ``Anna/K``, a long name cut at 40 characters) gets a
    short digest of the name as typed, so two different names never share a file.  In
    ``coachkit classroom`` the name is followed by the id of the student's visit (``visit``:
    the browser's session, :func:`coachkit.teaching.classroom.name_bar`), so two students
    called Anna save ``koodaus_Anna_3f9a2c.csv`` and ``koodaus_Anna_81b0de.csv`` instead of
    overwriting each other, while a reloaded page of the same visit writes the same files.
    Before the page knows its visit, the page's own id stands in for it (every page has its own
    kernel, and Voilà sets ``VOILA_KERNEL_ID``).

    >>> import os; _ = os.environ.pop("VOILA_KERNEL_ID", None)
    >>> student_name("Anna"), student_name("Anna K"), student_name("Anna/K")
    ('Anna', 'Anna_K_49ef2b', 'Anna_K_61871e')
    >>> student_name("Anna", visit="81b0de")
    'Anna_81b0de'

    ``page=False``: the name's part alone (what every page of the same name shares).
    """
    import hashlib
    import os
    import re
    import unicodedata

    typed = unicodedata.normalize("NFC", name.strip())
    safe = safe_name(typed)
    if safe != typed:
        safe = f"{safe}_{hashlib.sha256(typed.encode('utf-8')).hexdigest()[:6]}"
    kernel = re.sub(r"[^0-9a-f]", "", (visit or os.environ.get("VOILA_KERNEL_ID", "")).lower())[:6]
    return f"{safe}_{kernel}" if kernel and page else safe


def visit_field():
    """A hidden box (class ``coachkit-kaynti``) that the classroom fills with the visit's id.

    The name bar (:func:`coachkit.teaching.classroom.name_bar`) keeps a random id per browser
    session and writes it here; the page's files are then named after the visit
    (:func:`set_visit`), so a reload writes to the same files and gets
    its answers back.  Outside the classroom nobody fills it and nothing changes.
    """
    import ipywidgets as w

    from ..display.pages import VISIT_CLASS

    box = w.Text(value="", continuous_update=False, layout=w.Layout(display="none"))
    box.add_class(VISIT_CLASS)
    box.observe(lambda change: set_visit(change["new"]), names="value")
    return box


def name_field(description: str | None = None, *, lang: str = "fi"):
    """The student's name box of a form (class ``coachkit-nimi``: the classroom fills it in).

    In ``coachkit classroom`` the name typed once per visit is filled into every empty box of
    this kind (see :func:`coachkit.teaching.classroom.name_bar`).  The page's student is the
    name typed in any of them (:func:`set_student`): every box shows
    it, answers are saved under it, and saved answers can be brought back.
    """
    import ipywidgets as w

    from ..display.pages import NAME_CLASS

    # the value is sent when the box is left (or the name bar fills it), not per keystroke
    description = t("teaching.name.label", lang) if description is None else description
    box = w.Text(value=STUDENT["name"], description=description, style={"description_width": "initial"},
                 continuous_update=False, layout=w.Layout(width="auto", min_width="24em"))
    box.add_class(NAME_CLASS)
    return watch_name(box)


def watch_name(box):
    """Make a name box (:func:`name_field`) the page's: it shows the student's
    name, and a name typed in it is the page's student (:func:`set_student`)."""
    box.observe(lambda change: set_student(change["new"]), names="value")
    _NAME_BOXES.append(box)
    return box


def set_student(name: str, *, key: str | None = None) -> None:
    """The page's student: every name field shows ``name``, saves go under it.

    ``key`` is the student's part of file names (default: the name plus the visit's id,
    :func:`student_name`); a restored page keeps the key it was saved under.
    """
    name = (name or "").strip()
    if not safe_name(name):
        return
    if key is None:
        key = (STUDENT["key"] if STUDENT["key"] and STUDENT["name"] == name
               else student_name(name, visit=STUDENT["visit"]))
    changed = (name, key) != (STUDENT["name"], STUDENT["key"])
    STUDENT.update(name=name, key=key)
    for box in _NAME_BOXES:
        if box.value.strip() != name:
            box.value = name
    if changed:
        for tell in _ON_NAME:
            tell(name)


def set_visit(visit: str) -> None:
    """The page's visit: the id the classroom's name bar keeps for the browser's session.

    From now on the student's files are named after the name and the visit
    (``vastaukset_01_koodaus_Anna_81b0de.csv``): every page of the visit, reloads included,
    writes the same files.  A page that already knew its student under another key (its own
    page id) moves to the visit's files, and is told as if the name had changed (so the save
    form restores what the visit saved).  Anything but 6–32 hex digits is ignored.
    """
    import re

    visit = (visit or "").strip().lower()
    if not re.fullmatch(r"[0-9a-f]{6,32}", visit) or visit[:6] == STUDENT["visit"]:
        return
    STUDENT["visit"] = visit[:6]
    if STUDENT["name"]:
        set_student(STUDENT["name"], key=student_name(STUDENT["name"], visit=STUDENT["visit"]))


def student_key(student: str) -> str:
    """The student's part of file names: the page's key while the name is the page's."""
    if STUDENT["key"] and STUDENT["name"] == (student or "").strip():
        return STUDENT["key"]
    return student_name(student, visit=STUDENT["visit"])


# --- saving a student's work for the trainer (the forms and the week and IPS-25 forms) ----------

def save_table(table, prefix: str, student: str, folder=".", *, lang: str = "fi") -> Path:
    """Write a form's table as ``<prefix>_<nimi>.csv`` for the trainer.

    For Finnish Excel (:mod:`coachkit.teaching.saved`): Finnish headers, *kyllä/ei*, decimal
    commas, ``;``, UTF-8 with BOM, formula-like text neutralised.  The kit's readers take the
    Finnish headers back (:func:`coachkit.formats.read_table`).  No name or an empty table is
    one ``ValueError`` line in ``lang``.
    """
    from ..display.tables import display_frame
    from ..formats import write_atomic
    from .saved import student_csv

    if not safe_name(student or ""):
        raise ValueError(t("teaching.save.no_name", lang))
    if table is None or len(table) == 0:
        raise ValueError(t("teaching.save.empty_form", lang))
    path = Path(folder) / f"{safe_name(prefix)}_{student_key(student)}.csv"
    return write_atomic(path, student_csv(display_frame(table)))


def name_box(write, *, title: str, button: str | None = None, lang: str = "fi"):
    """A name field and a button: ``write(name)`` saves the work and returns the file's path.

    A ``ValueError`` from ``write`` (no name, an empty form) is shown as one line.  The box has
    ``.name``, ``.button`` and ``.result``.
    """
    import ipywidgets as w

    from .saved import download_link

    name = name_field(lang=lang)
    press = w.Button(description=button or t("teaching.save.button", lang), button_style="success",
                     layout=w.Layout(width="16em"))
    out = w.HTML()

    def on_click(_):
        try:
            path = Path(write(name.value))
            shown = f"<code>{html.escape(path.name)}</code>"
            out.value = f"{t('teaching.save.done', lang, shown)} · {download_link(path, lang=lang)}"
        except ValueError as exc:
            out.value = f'<span style="color:#b35806">{html.escape(str(exc))}</span>'

    press.on_click(on_click)
    box = w.VBox([w.HTML(f"<b>{html.escape(title)}</b>"), w.HBox([name, press]), out,
                  visit_field()])
    box.name, box.button, box.result = name, press, out
    return box


def save_box(table, prefix: str, *, title: str | None = None, folder=".", lang: str = "fi"):
    """A name field and a button that saves ``table()`` with :func:`save_table`.

    Its signature is what :func:`coachkit.dashboards.week_form` and
    :func:`coachkit.dashboards.fidelity_form` call as their ``save``.
    """
    return name_box(lambda name: save_table(table(), prefix, name, folder, lang=lang),
                    title=t("teaching.save.form_title", lang) if title is None else title, lang=lang)
