"""The week form: a student's own week of visits, the employment-related share live."""

from __future__ import annotations

import html

from ..i18n import format_int, format_percent, t

#: the week form's fields → the catalogue keys of their labels on the form
WEEK_FORM_FIELDS = {"topic": "dashboard.week.topic", "visits": "dashboard.week.visits",
                    "employment_related": "dashboard.week.employment_related"}


def week_form_problem(exc: Exception, shown_rows, lang: str = "fi") -> str:
    """One line in ``lang`` for a validation failure of the week form.

    ``shown_rows`` lists, for each row of the validated table, its index among the form's rows
    (blank rows are left out of the table).  The kit's English message stays for the CLI/API.

    >>> from coachkit.errors import InputError
    >>> exc = InputError("duplicate topic '1' (first seen on row 2); each must be unique",
    ...                  file="lomake", row=3, column="topic")
    >>> week_form_problem(exc, [0, 2])
    'Rivillä 3 on sama aihe kuin rivillä 1 – anna jokaiselle aiheelle oma nimi.'
    >>> week_form_problem(exc, [0, 2], "en")
    'Row 3 has the same topic as row 1 – give each topic its own name.'
    """
    import re

    def form_row(sheet_row):
        pos = int(sheet_row) - 2  # sheet row 2 = the table's first row
        return shown_rows[pos] + 1 if 0 <= pos < len(shown_rows) else None

    row = form_row(exc.row) if getattr(exc, "row", None) is not None else None
    detail = getattr(exc, "detail", str(exc))
    first = re.search(r"first seen on row (\d+)", detail)
    if detail.startswith("duplicate") and row and first and form_row(first.group(1)):
        return t("dashboard.week.duplicate", lang, row=row, first=form_row(first.group(1)))
    key = WEEK_FORM_FIELDS.get(getattr(exc, "column", None))
    field = t(key, lang) if key else None
    where = ("row_field" if row and field else "row" if row else "field" if field else "form")
    return t(f"dashboard.week.unreadable.{where}", lang, **{k: v for k, v in
                                                            (("row", row), ("field", field)) if v})


def week_form(rows: int = 6, *, lang: str = "fi", save=None):
    """A small form for a student's own week of visits: topic, visits, employment-related.

    The summary (employment-related share of topics and of visits) updates live.

    ``save``: ``save(table, prefix, title=…, lang=…)`` builds a widget that saves the week
    (:func:`coachkit.teaching.student.save_box`; :func:`coachkit.teaching.week_form` passes
    it).  Without it the form has no save row.

    Returns
    -------
    ipywidgets.VBox
        ``box.table()`` returns the entries as a table in the CLI's CSV contract;
        ``box.save`` is the save widget (or ``None``).
    """
    import ipywidgets as w
    import pandas as pd
    from IPython.display import display

    from ..analyses.tasks import read_task_table, task_summary

    entries = [(w.Text(placeholder=t("dashboard.week.placeholder", lang), layout=w.Layout(width="20em")),
                w.BoundedIntText(value=0, min=0, max=999, layout=w.Layout(width="6em")),
                w.Checkbox(value=False, description=t(WEEK_FORM_FIELDS["employment_related"], lang),
                           indent=False))
               for _ in range(rows)]
    result = w.HTML()

    def filled():
        return [i for i, (topic, _n, _e) in enumerate(entries) if topic.value.strip()]

    def table():
        data = [(topic.value.strip(), n.value, e.value)
                for topic, n, e in (entries[i] for i in filled())]
        return pd.DataFrame(data, columns=["topic", "visits", "employment_related"])

    def update(_=None):
        week = table()
        if week.empty:
            result.value = f"<i>{html.escape(t('dashboard.week.empty', lang))}</i>"
            return
        try:
            s = task_summary(read_task_table(week.astype(str), name="lomake"))
        except ValueError as exc:
            result.value = (f"<b>{html.escape(t('dashboard.week.check', lang))}</b> "
                            f"{html.escape(week_form_problem(exc, filled(), lang))}")
            return
        result.value = html.escape(t(
            "dashboard.week.summary", lang, topics=format_int(s["topics"], lang),
            visits=format_int(s["rows_total"], lang),
            topic_share=format_percent(s["share_of_topics"], lang, 0),
            visit_share=format_percent(s["share_of_visits"], lang, 0)))

    for entry in entries:
        for widget in entry:
            widget.observe(update, names="value")
    update()

    saving = (save(table, "viikko", title=t("dashboard.week.save", lang), lang=lang)
              if save is not None else None)
    header = w.HBox([w.HTML(f"<b>{html.escape(t(WEEK_FORM_FIELDS['topic'], lang))}</b>",
                            layout=w.Layout(width="20em")),
                     w.HTML(f"<b>{html.escape(t(WEEK_FORM_FIELDS['visits'], lang))}</b>",
                            layout=w.Layout(width="6em"))])
    box = w.VBox([header, *(w.HBox(list(row)) for row in entries), result,
                  *([saving] if saving is not None else [])])
    box.table, box.save, box.result = table, saving, result
    display(box)
    return box
