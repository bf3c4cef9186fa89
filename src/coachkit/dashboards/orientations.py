"""The orientations dashboard: client profile, client and orientations; the timelines and the
IPS-25 items follow."""

from __future__ import annotations

from ..display.tables import show_table
from ..i18n import t
from ._common import LABEL_STYLE, show_fixed


def orientation_dashboard(events=None, *, lang: str = "fi"):
    """Client profile, client and orientations; the timelines and the IPS-25 items follow.

    Parameters
    ----------
    events : DataFrame, optional
        Journeys (default: the ``orientation_journeys`` dataset).
    """
    import ipywidgets as w
    from IPython.display import display

    from ..datasets import load_dataset
    from ..models.orientations import ORIENTATIONS, ips_table, journey_summary, plot_timeline

    events = load_dataset("orientation_journeys") if events is None else events
    profiles = load_dataset("client_profiles").sort_values("order")
    name = f"name_{lang}"
    everyone = t("dashboard.all_profiles", lang)
    profile = w.Dropdown(options=[(everyone, None), *zip(profiles[name], profiles["profile_id"],
                                                         strict=True)],
                         value=None, description=t("dashboard.profile", lang), style=LABEL_STYLE)
    n_clients = int(events.groupby("profile")["client_id"].nunique().min())
    number = w.IntSlider(value=1, min=1, max=n_clients, description=t("dashboard.client_number", lang),
                         continuous_update=False, style=LABEL_STYLE)
    names = load_dataset("orientations").set_index("orientation_id")[name]
    boxes = {o: w.Checkbox(value=True, description=names[o], indent=False,
                           layout=w.Layout(width="auto")) for o in ORIENTATIONS}
    summary = journey_summary(events)

    def redraw(profile, number, **chosen):
        orientations = [o for o in ORIENTATIONS if chosen[o]]
        if not orientations:
            print(t("dashboard.pick_orientation", lang))
            return
        ids = events.groupby("profile", sort=False)["client_id"].unique()
        picked = [str(v[number - 1]) for p, v in ids.items() if profile in (None, p)]
        if profile is not None:  # one profile: all its clients, the chosen one first
            rest = [str(c) for c in ids[profile] if str(c) not in picked]
            picked += rest
        fig = plot_timeline(events, clients=picked, orientations=orientations, lang=lang)
        show_fixed(fig)
        s = summary[summary["client_id"].isin(picked) & summary["orientation"].isin(orientations)]
        cols = ["orientation", "search_start_week", "support_weeks", "follow_ups", "in_work_week_52"]
        mean = s.groupby("orientation", sort=False)[cols[1:]].mean().reindex(orientations)
        mean["in_work_week_52"] = mean["in_work_week_52"].astype(float)
        table = mean.rename(columns={"in_work_week_52": "in_work_52_share"}).reset_index()
        display(show_table(table, lang))
        items = ips_table(lang)
        display(show_table(items[["item", "name", *orientations]], lang))

    controls = {"profile": profile, "number": number} | boxes
    out = w.interactive_output(redraw, controls)
    box = w.VBox([w.HBox([profile, number]), w.HBox(list(boxes.values())), out])
    display(box)
    return box
