"""The IPS-25 fidelity form: 25 sliders with a live total, band and section subtotals."""

from __future__ import annotations

from ..i18n import t


def fidelity_form(*, lang: str = "fi", initial=None, save=None):
    """25 sliders (one per IPS-25 item) with a live total, band and section subtotals.

    Parameters
    ----------
    initial : DataFrame, optional
        ``item, score`` to start from (default: every item 3).
    save : callable, optional
        ``save(ratings, prefix, title=…, lang=…)`` builds a widget that saves the ratings
        (:func:`coachkit.teaching.student.save_box`; :func:`coachkit.teaching.fidelity_form`
        passes it).  Without it the form has no save row.

    Returns
    -------
    ipywidgets.VBox
        ``box.ratings()`` returns the current ratings as a DataFrame; ``box.sliders``
        maps item number → slider; ``box.save`` is the save widget (or ``None``).
    """
    import ipywidgets as w
    import pandas as pd
    from IPython.display import display

    from ..analyses.fidelity import band_name, fidelity_score
    from ..datasets import load_dataset

    items = load_dataset("ips25_items")
    start = dict.fromkeys(items["item"], 3)
    if initial is not None:
        start.update(dict(zip(initial["item"], initial["score"], strict=True)))
    name_col = f"name_{lang}"
    # Long item names wrap in their own label instead of being cut in a slider description.
    names = {int(r.item): f"{r.item}. {getattr(r, name_col)}" for r in items.itertuples()}
    sliders = {int(r.item): w.IntSlider(value=int(start[r.item]), min=1, max=5,
                                        continuous_update=False, layout=w.Layout(width="16em"))
               for r in items.itertuples()}
    summary = w.HTML()

    def ratings():
        return pd.DataFrame({"item": list(sliders), "score": [s.value for s in sliders.values()]})

    def update(_=None):
        res = fidelity_score(ratings())
        parts = " · ".join(f"{t('section.' + s, lang)} {v}" for s, v in res.sections.items())
        summary.value = (f"<h3 style='margin:0'>{res.total} / 125 — "
                         f"{band_name(res.band, lang)}</h3><p>{parts}</p>")

    for s in sliders.values():
        s.observe(update, names="value")
    update()
    groups = []
    for section in ("staffing", "organization", "services"):
        ids = items.loc[items["section"] == section, "item"]
        groups.append(w.HTML(f"<b>{t('section.' + section, lang)}</b>"))
        groups.extend(w.HBox([w.HTML(names[int(i)], layout=w.Layout(width="28em")),
                              sliders[int(i)]]) for i in ids)

    saving = (save(ratings, "ips25", title=t("dashboard.fidelity.save", lang), lang=lang)
              if save is not None else None)
    box = w.VBox([summary, *groups, summary, *([saving] if saving is not None else [])])
    box.ratings, box.sliders, box.save = ratings, sliders, saving
    display(box)
    return box
