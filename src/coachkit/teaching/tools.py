"""What a student needs on the page to answer a task: whole data tables and small tools.

Every tool is an ipywidgets box that works with mouse and keyboard, in Finnish, in JupyterLab
and in the classroom (Voilà), with nothing loaded from the network:

* :func:`data_table` — the whole table, filtered by a word and sorted by any column;
* the κ calculator (two columns of codes → agreement, κ explained with its scale);
* the star rule chooser, the saturation curve with base/run/threshold controls, the
  provider table with the pyramid index, the selection results that follow the sliders.

A :class:`~coachkit.teaching.tasks.Task` names its tool; :func:`tool` builds it.
"""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from ..datasets import load_dataset
from ..display.tables import display_frame
from ..i18n import DEFAULT_LANG, format_number, format_percent, t
from .tasks import code_names, design_outcome, read_number

__all__ = ["data_table", "tool", "agreement_verdict", "agreement_html", "number_slider", "TOOLS"]

LABEL = {"description_width": "initial"}
TABLE_CSS = ("<style>.ck-table{border-collapse:collapse;margin:0.3em 0}"
             ".ck-table th,.ck-table td{border:1px solid #cccccc;padding:0.2em 0.5em;"
             "text-align:left;vertical-align:top}.ck-table th{background:#f0f0f0}</style>")


def html_table(df: pd.DataFrame) -> str:
    """``df`` (display strings) as an escaped HTML table."""
    return TABLE_CSS + df.to_html(index=False, escape=True, classes="ck-table", border=0)


#: a table of at most this many rows is shown whole; a longer one scrolls in its box and says so
SCROLL_ROWS = 30


def scroll_note(n: int) -> str:
    """The line above a table that scrolls inside its box.

    >>> scroll_note(100)
    'Taulukossa on 100 riviä, ja se vierii: vieritä taulukkoa nähdäksesi kaikki rivit.'
    """
    return (f"Taulukossa on {n} riviä, ja se vierii: vieritä taulukkoa nähdäksesi kaikki "
            "rivit.")


def data_table(df: pd.DataFrame, *, caption: str = "", footer=None, rows: int | None = None):
    """The whole table with a word filter and a sort chooser (Finnish headers and values).

    Parameters
    ----------
    footer : callable, optional
        ``footer(visible rows of df) -> str`` (plain text), shown under the table.

    Returns
    -------
    ipywidgets.VBox
        ``box.filter``, ``box.sort``, ``box.order`` are the controls, ``box.visible()`` the
        rows shown (of ``df``) and ``box.table`` the HTML widget.
    """
    shown = display_frame(df)
    headers = list(shown.columns)
    search = w.Text(placeholder="kirjoita sana, esim. aiheen nimi", description="Suodata:",
                    style=LABEL, layout=w.Layout(width="28em"), continuous_update=True)
    sort = w.Dropdown(options=[("taulukon järjestys", None), *((h, i) for i, h in enumerate(headers))],
                      value=None, description="Järjestä:", style=LABEL)
    order = w.ToggleButtons(options=[("nouseva", True), ("laskeva", False)], value=True,
                            style={"button_width": "6em"})
    out, note = w.HTML(), w.HTML()

    def visible():
        keep = pd.Series(True, index=df.index)
        word = search.value.strip().lower()
        if word:
            keep = shown.apply(lambda r: word in " ".join(r).lower(), axis=1).to_numpy()
        sub = df[keep]
        if sort.value is not None:
            col = df.columns[sort.value]
            sub = sub.sort_values(col, ascending=order.value, kind="stable", na_position="last")
        return sub

    def update(_=None):
        sub = visible()
        note.value = f"<i>Näytetään {len(sub)} / {len(df)} riviä.</i>"
        if not len(sub):
            out.value = "<p>Ei rivejä.</p>"
        elif len(sub) <= SCROLL_ROWS:  # every row in sight: nothing an answer needs is hidden
            out.value = html_table(shown.loc[sub.index])
        else:  # a long table scrolls inside its box, so the form below stays near — and says so
            out.value = (f"<p><i>{scroll_note(len(sub))}</i></p>"
                         '<div style="max-height:30em;overflow-y:auto">'
                         + html_table(shown.loc[sub.index]) + "</div>")
        if footer is not None:
            note.value += f"<p><b>{html.escape(footer(sub))}</b></p>"

    for control in (search, sort, order):
        control.observe(update, names="value")
    update()
    parts = ([w.HTML(f"<b>{html.escape(caption)}</b>")] if caption else [])
    box = w.VBox([*parts, w.HBox([search, sort, order]), out, note])
    box.filter, box.sort, box.order, box.table, box.visible = search, sort, order, out, visible
    return box


# --- agreement: one sentence per coefficient, one verdict scale -----------------------------------

def agreement_verdict(value: float) -> str:
    """The one verdict scale for κ and α (Krippendorff's cut-offs 0,67 and 0,80), in Finnish.

    >>> agreement_verdict(0.64), agreement_verdict(0.7), agreement_verdict(0.85)
    ('ei riittävä', 'alustava', 'luotettava')
    """
    from ..analyses.agreement import band_label, interpret_alpha

    return band_label(interpret_alpha(value))


def agreement_html(kappa: float | None = None, alpha: float | None = None) -> str:
    """κ and/or α with their verdict, one explaining sentence each, and the common scale."""
    parts, notes = [], []
    if kappa is not None:
        parts.append(f"Cohenin κ = {format_number(kappa, DEFAULT_LANG, 2)} ({agreement_verdict(kappa)})")
        notes.append(t("label.kappa_explained", DEFAULT_LANG))
    if alpha is not None:
        parts.append(f"Krippendorffin α = {format_number(alpha, DEFAULT_LANG, 2)} "
                     f"({agreement_verdict(alpha)})")
        notes.append(t("label.alpha_explained", DEFAULT_LANG))
    notes.append(t("label.agreement_scale", DEFAULT_LANG))
    return (f"<p><b>{' · '.join(parts)}</b></p>"
            f"<p style='font-size:0.9em'>{html.escape(' '.join(notes))}</p>")


# --- a slider whose number can also be typed the Finnish way ---------------------------------------

def number_slider(description, *, value, low, high, step, percent=False, decimals=2):
    """A slider and a text box kept in step: "0,5", "50 %" and arrow keys all work.

    ``percent=True``: the value is a share 0–1 shown and typed as a percentage.
    Returns an HBox with ``.slider`` and ``.text``; read ``box.slider.value``.
    """
    slider = w.FloatSlider(value=value, min=low, max=high, step=step, readout=False,
                           continuous_update=False, description=description, style=LABEL,
                           layout=w.Layout(width="30em"))
    text = w.Text(layout=w.Layout(width="7em"), continuous_update=False)

    def shown(v):
        return format_percent(v, DEFAULT_LANG, 0) if percent else format_number(v, DEFAULT_LANG, decimals)

    def from_slider(_=None):
        text.value = shown(slider.value)

    def from_text(_=None):
        v = read_number(text.value, share=percent)
        if isinstance(v, int | float) and not isinstance(v, bool):
            if percent and v > 1:  # "50" typed into a percent box means 50 %
                v = v / 100
            slider.value = min(max(float(v), low), high)
        from_slider()

    slider.observe(from_slider, names="value")
    text.observe(from_text, names="value")
    from_slider()
    box = w.HBox([slider, text])
    box.slider, box.text = slider, text
    return box


# --- the tools ----------------------------------------------------------------------------------

def _codebook():
    values = load_dataset("values").sort_values("order")
    return data_table(values[["name_fi", "description_fi"]],
                      caption="Koodikirja: koodit ja niiden kuvaukset")


def _kappa():
    coding = load_dataset("coach_coding")
    texts = load_dataset("coach_excerpts").set_index("segment_id")["text"]
    wide = coding.pivot(index="segment_id", columns="coder", values="code")
    coders = list(wide.columns)
    names = code_names()
    table = pd.DataFrame({"segment_id": wide.index, "text": wide.index.map(texts)})
    for c in coders:
        table[f"Koodaaja {c}"] = wide[c].map(lambda v: names.get(v, v)).to_numpy()
    first = w.Dropdown(options=[(f"Koodaaja {c}", c) for c in coders], value=coders[0],
                       description="Sarake 1:", style=LABEL)
    second = w.Dropdown(options=[(f"Koodaaja {c}", c) for c in coders], value=coders[0],
                        description="Sarake 2:", style=LABEL)
    go = w.Button(description="Laske κ", button_style="info", layout=w.Layout(width="10em"))
    result = w.HTML()

    def on_go(_=None):
        from ..analyses.agreement import agreement

        if first.value == second.value:
            result.value = "<p>Valitse kaksi eri saraketta (kaksi eri koodaajaa).</p>"
            return
        both = coding[coding["coder"].isin([first.value, second.value])]
        res = agreement(both, n_boot=10)
        o = res.overall.set_index("metric")["estimate"]
        same = o["percent_agreement"]
        result.value = (f"<p>Samaa mieltä {format_percent(same, DEFAULT_LANG)} katkelmista.</p>"
                        + agreement_html(kappa=float(o["cohen_kappa"])))

    go.on_click(on_go)
    box = w.VBox([data_table(table.rename(columns={"segment_id": "segment_id", "text": "text"}),
                             caption="Kahden koodaajan koodit samoille katkelmille"),
                  w.HTML("<b>κ-laskin:</b> valitse kaksi saraketta ja paina Laske κ."),
                  w.HBox([first, second, go]), result])
    box.first, box.second, box.go, box.result = first, second, go, result
    return box


def _new_source():
    from ..analyses.themes import read_corpus

    corpus = read_corpus(load_dataset("exercise_new_source"))
    corpus = corpus[~corpus["excluded"]]
    return data_table(corpus[["segment_id", "text", "code", "category"]]
                      .rename(columns={"category": "goal"}), caption="Uuden lähteen kaikki ilmaukset")


def _rules():
    from ..analyses.stars import ALTERNATIVE_RULES, DEFAULT_RULE
    from ..analyses.themes import read_corpus, rule_sensitivity

    corpus = read_corpus(load_dataset("source_corpus"))
    rules = [DEFAULT_RULE, *ALTERNATIVE_RULES]
    chooser = w.Dropdown(options=[(r.name, i) for i, r in enumerate(rules)], value=0,
                         description="Tähtisääntö:", style=LABEL)
    holder = w.VBox()

    def update(_=None):
        s = rule_sensitivity(corpus, rules=[rules[chooser.value]])
        cols = ["source", "category", "count", "share", "reference_stars", "stars", "change"]
        shown = s[cols].rename(columns={"share": "share_of_segments", "category": "goal",
                                        "stars": "stars_rule"})
        holder.children = [data_table(shown,
                                      caption=f"Opinnäytetyön taulukon 30 solua säännöllä "
                                              f"{rules[chooser.value].name}")]

    chooser.observe(update, names="value")
    update()
    box = w.VBox([chooser, holder])
    box.chooser, box.holder = chooser, holder
    return box


def _saturation():
    import matplotlib.pyplot as plt

    from ..analyses.saturation import (
        coach_segments,
        plot_saturation,
        saturation_curve,
        saturation_point,
    )

    segments = coach_segments()
    curve = saturation_curve(segments)
    n_docs = int(curve["n_documents"].max())
    base = w.IntSlider(value=4, min=1, max=10, description="Pohja (vastaajia):", style=LABEL,
                       continuous_update=False)
    run = w.IntSlider(value=2, min=1, max=5, description="Jakso (vastaajia):", style=LABEL,
                      continuous_update=False)
    threshold = number_slider("Kynnys (uusia koodeja pohjaan verrattuna):", value=0.05, low=0,
                              high=0.3, step=0.01, percent=True)
    result, runs, figure = w.HTML(), w.HTML(), w.Output()

    def update(_=None):
        point = saturation_point(segments, base=base.value, run=run.value,
                                 threshold=threshold.slider.value)
        n = point["n_documents"]
        rule = (f"pohja {base.value}, jakso {run.value}, kynnys "
                f"{format_percent(threshold.slider.value, DEFAULT_LANG, 0)}")
        result.value = (f"<p style='font-size:1.1em'><b>Saturaatiopiste ({rule}): "
                        + (f"{n} vastaajaa" if n is not None else
                           f"ei saavuteta {n_docs} vastaajan aineistossa") + "</b></p>")
        each = point["runs"][["run_start", "run_end", "new_codes", "new_share"]]
        runs.value = ("<details><summary>Jaksot yksitellen</summary>"
                      + html_table(display_frame(each, percent=["new_share"])) + "</details>")
        with figure:
            figure.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(8, 4))
            plot_saturation(curve, ax=ax, point=n)
            plt.show()

    for control in (base, run, threshold.slider):
        control.observe(update, names="value")
    update()
    box = w.VBox([w.HTML("<b>Saturaatiotyökalu</b> – siirrä säätimiä tai kirjoita kynnys "
                         "laatikkoon (esim. 10 %)."), base, run, threshold, result, figure, runs])
    box.base, box.run, box.threshold, box.result = base, run, threshold, result
    return box


def _providers():
    from ..analyses.pyramid import levels_met, provider_table, read_survey

    survey = read_survey(load_dataset("feedback_survey"))
    met = levels_met(survey).groupby("provider", sort=False)[["met_I", "met_II", "met_III"]].mean()
    providers = provider_table(survey).set_index("provider")
    table = providers[["n"]].join(met).join(providers[["pyramid_index", "employment_rate"]]).reset_index()
    return data_table(table, caption="Palvelut: tasojen täyttyminen (raja 4,0) ja pyramidi-indeksi")


def _design(form):
    out = w.HTML()

    def update(_=None):
        answer = form.answer() or {"share": form.inputs["share"].value,
                                   "coach_fte": form.inputs["coach_fte"].value}
        r = design_outcome(answer)
        rows = pd.DataFrame({"Tulos": ["Työllistymisaste valituista",
                                       "Heikossa työmarkkina-asemassa olevia valituista",
                                       "Valmennustunteja tarvitaan", "Valmennustunteja käytettävissä"],
                             "Arvo": [format_percent(r["employment_rate"], DEFAULT_LANG),
                                      format_percent(r["disadvantaged_admitted_share"], DEFAULT_LANG),
                                      format_number(round(r["coach_hours_needed"]), DEFAULT_LANG),
                                      format_number(round(r["coach_hours_available"]), DEFAULT_LANG)],
                             "Tavoite": ["vähintään 40 %", "vähintään 55 %", "", ""]})
        out.value = ("<p><b>Tulokset valinnallasi</b> (päivittyvät säätimien mukaan)</p>"
                     + html_table(rows))

    for name in ("share", "coach_fte"):
        form.inputs[name].observe(update, names="value")
    update()
    out.update = update
    return out


def _visits():
    table = load_dataset("visit_topics")
    cols = [c for c in ("row_type", "topic", "visits", "men", "women", "immigrants", "reason")
            if c in table.columns]

    def footer(sub):
        topics = table["row_type"].astype(str) == "topic"
        every = int(table.loc[topics, "visits"].sum())
        shown_topics = sub[sub["row_type"].astype(str) == "topic"]
        return (f"Kaikkien aiherivien käynnit yhteensä: {format_number(every, DEFAULT_LANG)}. "
                "Näkyvien aiherivien käynnit yhteensä: "
                f"{format_number(int(shown_topics['visits'].sum()), DEFAULT_LANG)}.")

    return data_table(table[cols], caption="Julkaistu taulukko: työhönvalmentajan käyntien aiheet",
                      footer=footer)


def _orientation_summary():
    from ..models.orientations import orientation_summary

    return data_table(orientation_summary(load_dataset("orientation_journeys")),
                      caption="Kolme orientaatiota samoilla synteettisillä asiakkailla")


def _ips_table():
    from ..analyses.fidelity import for_display
    from ..models.orientations import ips_table

    return data_table(for_display(ips_table()), caption="IPS-25-kohdat: mitä kukin orientaatio voi täyttää "
                                           "(kitin tulkinta)")


def _benefit_areas():
    from ..analyses.benefit import areas

    return data_table(areas()[["name", "cite"]], caption="Palveluhyödyn neljä aluetta")


def _benefit_data():
    from ..analyses.benefit import read_benefit

    return read_benefit(load_dataset("benefit_ratings"))


def _benefit_summary():
    from ..analyses.benefit import benefit_summary

    s = benefit_summary(_benefit_data())
    return data_table(s[["area", "employed", "n", "before", "after", "change"]],
                      caption="Alueiden keskiarvot palvelun alussa ja lopussa sekä muutos")


def _improved_table():
    from ..analyses.benefit import improved_any

    return data_table(improved_any(_benefit_data(), threshold=1.0),
                      caption="Edistyneet: alueen keskiarvo nousi vähintään yhden pisteen "
                              "ainakin yhdellä alueella")


def _client_plan():
    """The exercise's client in words and the provider's plan by phase and activity (9a, 9b)."""
    from ..models.planning import activities, phase_table
    from .year_tasks import EXERCISE_CLIENT, client_plan, client_start

    sketch = load_dataset("coaching_clients").set_index("client").loc[EXERCISE_CLIENT, "sketch"]
    act = activities()
    starred = set(act.loc[act["employment_focused"], "name_fi"])
    table = phase_table(client_plan())
    table.index = [f"{name} ★" if name in starred else name for name in table.index]
    shown = display_frame(table.rename_axis("Toiminto").reset_index())
    return w.HTML(f"<p><b>Asiakas {EXERCISE_CLIENT}</b>: {html.escape(sketch)} Työ alkaa "
                  f"valmennusvuoden {client_start()}. kuukautena.</p>"
                  "<p><b>Palveluntuottajan suunnitelma (tunteja)</b> – tähdellä merkityt "
                  "toiminnot suuntautuvat työnhakuun, työnantajiin ja työpaikkoihin.</p>"
                  + html_table(shown))


#: tool name (``Task.tool``) → builder; builders that follow a form take it as argument
TOOLS = {"codebook": _codebook, "kappa": _kappa, "new_source": _new_source, "rules": _rules,
         "saturation": _saturation, "providers": _providers, "design": _design,
         "visits": _visits, "orientation_summary": _orientation_summary,
         "ips_table": _ips_table, "benefit_areas": _benefit_areas,
         "benefit_summary": _benefit_summary, "improved_table": _improved_table,
         "client_plan": _client_plan}


#: tools that follow the answer form's own controls (built with the form, shown inside it)
FOLLOWS_FORM = ("design",)


def tool(name: str, form=None):
    """Build the tool ``name`` (see :data:`TOOLS`); ``form`` for tools that follow a form."""
    if name not in TOOLS:
        raise ValueError(f"unknown tool '{name}'; tools are: {', '.join(TOOLS)}")
    return TOOLS[name](form) if name in FOLLOWS_FORM else TOOLS[name]()
