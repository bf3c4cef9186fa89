"""Benchmarks (not tests): ``python -m benchmarks.bench themes``, from the project folder.

They live beside the package, not in it (a wheel does not ship them); ``make bench`` runs the
first.

Every figure is measured in the same run on the same data and reported as a
median over repeats, together with ratios to

* a **naive baseline** – a per-row Python loop that a student might write, and
* a **practical limit** – a bare ``pandas.crosstab`` of the same two columns,
  below which a star table cannot reasonably go (it must at least count).

Also shown: a tuned plain-Python loop (``zip`` over two columns), so that the
speed-up is not judged against ``iterrows`` alone.

Goals for the star table on 1,000,000 segments: ≥ 20× the loop, ≤ 2× the crosstab.
Side by side, file → star table (``read_corpus`` + ``star_table`` of a CSV file) against
``pandas.read_csv`` of the same file alone: goal ≤ 1.5×.

``python -m benchmarks.bench selection`` runs the selection Monte Carlo for 1,000 replications ×
10,000 applicants and reports its median time against drawing the same random numbers alone
(the practical limit; goal ≤ 3×) and against a per-applicant Python loop (goal ≥ 50×; the loop
is timed on a few replications and scaled, which is stated in the output), plus the median
update time of the notebook dashboard at default size (goal < 150 ms).

``python -m benchmarks.bench hub --students N`` logs N students in to the trial JupyterHub
(``coachkit hub``) at once, each opens Harjoitus 1 in their own server, and reports pages
missing a form, time to the forms, CPU and memory per student beside the plain classroom's
(``classroom --students N``) from the same run.

``python -m benchmarks.bench agreement`` writes a two-coder REFI-QDA project of 500,000
characters and 150 codes with the kit's own writer and times ``themes agreement`` on it
(paragraph units, κ, α with 1,000 bootstrap resamples, character comparison) against
reading the project alone (goal ≤ 3×); the character comparison is also timed against
the per-character baseline (a boolean mask per text and code) on a few sources.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd


def _median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def synthetic_corpus(n: int, *, n_sources: int = 40, seed: int = 0) -> pd.DataFrame:
    """A large corpus in the CSV contract (random sources and subcategory codes)."""
    from coachkit.reference.codebook import Codebook

    rng = np.random.default_rng(seed)
    codes = np.array(Codebook.load().codes, dtype=object)
    sources = np.array([f"Lähde {i:02d}" for i in range(n_sources)], dtype=object)
    return pd.DataFrame({
        "segment_id": np.char.add("s", np.arange(n).astype(str)).astype(object),
        "source": sources[rng.integers(0, n_sources, n)],
        "code": codes[rng.integers(0, len(codes), n)],
    })


def _file_to_stars(raw: pd.DataFrame, repeats: int) -> dict:
    """File → star table against ``pandas.read_csv`` of the same file, timed alternately.

    The file is the corpus CSV as a researcher's would be: a text column and an
    ``excluded`` column besides the three required ones.  ``pandas.read_csv`` only
    parses; ``read_corpus`` + ``star_table`` also validate every cell (blank,
    duplicate, unknown code, bad true/false) and count.
    """
    import tempfile

    from coachkit.analyses.themes import read_corpus, star_table

    rng = np.random.default_rng(1)
    texts = np.array(["asiakas kertoi työnhausta", "arjen rytmi, aamut", "valmentaja: \"hyvä\"",
                      "yhteistyö työnantajan kanssa"], dtype=object)
    # a source is excluded as a whole (the corpus contract): about one source in a hundred
    sources = raw["source"].unique()
    left_out = set(sources[rng.random(len(sources)) < 0.01])
    table = raw.assign(text=texts[rng.integers(0, len(texts), len(raw))],
                       excluded=np.where(raw["source"].isin(left_out), "true", "false"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "korpus.csv"
        table.to_csv(path, index=False)
        t_pandas, t_kit = [], []
        for _ in range(repeats):  # alternate, so a busy moment hits both alike
            t0 = time.perf_counter()
            pd.read_csv(path)
            t1 = time.perf_counter()
            star_table(read_corpus(path))
            t2 = time.perf_counter()
            t_pandas.append(t1 - t0)
            t_kit.append(t2 - t1)
        size = path.stat().st_size
    return {"file_mb": size / 2**20, "read_csv_s": statistics.median(t_pandas),
            "file_to_stars_s": statistics.median(t_kit),
            "ratio_to_read_csv": statistics.median(t_kit) / statistics.median(t_pandas)}


def bench_themes(n: int = 1_000_000, repeats: int = 5) -> dict:
    from coachkit.analyses.stars import DEFAULT_RULE
    from coachkit.analyses.themes import read_corpus, star_table
    from coachkit.reference.codebook import Codebook

    raw = synthetic_corpus(n)
    t0 = time.perf_counter()
    corpus = read_corpus(raw)
    t_read = time.perf_counter() - t0
    goal_of = Codebook.load().goal_map()
    goals = Codebook.load().order("goal")

    def naive():
        # What a first attempt looks like: one row at a time.
        counts = {}
        for _, row in raw.iterrows():
            src, code = row["source"], row["code"]
            key = (src, goal_of[code])
            counts[key] = counts.get(key, 0) + 1
        out = []
        for src in dict.fromkeys(raw["source"]):
            for g in goals:
                c = counts.get((src, g), 0)
                stars = sum(c >= t for t in DEFAULT_RULE.thresholds)
                out.append((src, g, c, stars))
        return out

    t_kit = _median_time(lambda: star_table(corpus), repeats)
    t_crosstab = _median_time(lambda: pd.crosstab(corpus["source"], corpus["category"]), repeats)
    def tuned():
        # The same loop without pandas row objects: the best plain Python does.
        counts = {}
        for src, code in zip(raw["source"], raw["code"], strict=True):
            key = (src, goal_of[code])
            counts[key] = counts.get(key, 0) + 1
        return counts

    t0 = time.perf_counter()
    naive_result = naive()
    t_naive = time.perf_counter() - t0
    t_tuned = _median_time(tuned, 1)
    check = pd.DataFrame(naive_result, columns=["source", "category", "count", "stars"])
    kit = star_table(corpus)
    merged = kit.merge(check, on=["source", "category"], suffixes=("", "_naive"))
    assert (merged["stars"] == merged["stars_naive"]).all(), "naive and kit disagree"
    file_times = _file_to_stars(raw, repeats)
    return {**file_times, "segments": n, "read_corpus_s": t_read, "star_table_s": t_kit,
            "naive_loop_s": t_naive, "tuned_loop_s": t_tuned, "crosstab_s": t_crosstab,
            "speedup_vs_loop": t_naive / t_kit, "ratio_to_crosstab": t_kit / t_crosstab}


def _loop_selection(params, pool, rep_range):
    """The same model, one applicant at a time (the naive baseline)."""
    import math

    from coachkit.models.selection import STRATEGIES

    employed_total = 0
    for rep in rep_range:
        n = params.applicants
        rows = [(pool["score"][rep, i], pool["interview"][rep, i], i) for i in range(n)]
        for strat in STRATEGIES.values():
            k_mot = int(round(strat.share_motivation * params.places))
            ranked = sorted(rows, key=lambda t: -t[0])
            chosen = {t[2] for t in ranked[: params.places - k_mot]}
            rest = sorted((t for t in rows if t[2] not in chosen), key=lambda t: -t[1])
            chosen |= {t[2] for t in rest[:k_mot]}
            for coach in (False, True):
                need = sum(pool["need"][rep, i] for i in chosen)
                cap = params.coach_fte * params.hours_per_fte if coach else 0.0
                support = min(1.0, cap / need) if coach else 0.0
                for i in chosen:
                    r, m = pool["readiness"][rep, i], pool["motivation"][rep, i]
                    pc = 1 / (1 + math.exp(-(params.completion_intercept
                                             + params.completion_readiness * r
                                             + params.completion_motivation * m
                                             + params.completion_support * support)))
                    base = (params.employment_intercept + params.employment_readiness * r
                            + params.employment_motivation * m
                            - params.employment_disadvantaged * pool["disadvantaged"][rep, i]
                            + params.coach_effect * support + params.labour_market)
                    done = pool["u_complete"][rep, i] < pc
                    pe = 1 / (1 + math.exp(-(base if done else base - params.noncompletion_penalty)))
                    employed_total += pool["u_employ"][rep, i] < pe
    return employed_total


def _widget_update_time(repeats: int = 9) -> float:
    """Median time of one dashboard redraw at default size (simulate + draw both panels)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from coachkit.dashboards import selection_figure

    fig = plt.figure(figsize=(13, 4.8))

    def widget_update():
        _, f = selection_figure(fig=fig)
        f.canvas.draw()

    widget_update()
    t = _median_time(widget_update, repeats)
    plt.close(fig)
    return t


def bench_selection(reps: int = 1000, applicants: int = 10_000, repeats: int = 3,
                    loop_reps: int = 3) -> dict:
    from coachkit.models.selection import SelectionParams, chunks, draw_applicants, random_draws, simulate

    widget = _widget_update_time()
    params = SelectionParams.calibrated(applicants=applicants, places=applicants // 3)
    t_sim = _median_time(lambda: simulate(params, reps=reps, seed=1), repeats)
    def draws_only():
        rng = np.random.default_rng(1)
        for chunk in chunks(reps, applicants):  # the same numbers, in the same chunks
            random_draws(params, chunk, rng, job_club=False)

    t_draw = _median_time(draws_only, repeats)
    pool = draw_applicants(params, loop_reps, np.random.default_rng(2))
    t0 = time.perf_counter()
    _loop_selection(params, pool, range(loop_reps))
    t_loop = (time.perf_counter() - t0) * reps / loop_reps
    t_widget = widget
    return {"reps": reps, "applicants": applicants, "simulate_s": t_sim, "draw_only_s": t_draw,
            "loop_s_scaled": t_loop, "loop_reps_timed": loop_reps,
            "ratio_to_draw": t_sim / t_draw, "speedup_vs_loop": t_loop / t_sim,
            "widget_update_s": t_widget}


def bench_cli(repeats: int = 11) -> dict:
    """Median wall time of ``coachkit tasks summary --json`` and of ``python -c "import pandas"``.

    Both run as fresh processes in the same loop (alternating), so the ratio
    compares them on the same machine state.  Goal: the command at most 1.5×
    the bare pandas import (pandas is the floor: the command reads a table).
    """
    import subprocess

    commands = {"cli": [sys.executable, "-m", "coachkit", "tasks", "summary", "--json"],
                "pandas": [sys.executable, "-c", "import pandas"]}
    times = {k: [] for k in commands}
    for _ in range(repeats):
        for k, cmd in commands.items():
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            times[k].append(time.perf_counter() - t0)
    cli, pandas_ = float(np.median(times["cli"])), float(np.median(times["pandas"]))
    return {"cli_s": cli, "pandas_s": pandas_, "ratio": cli / pandas_, "repeats": repeats}


def bench_classroom(repeats: int = 7) -> dict:
    """Median seconds from a control change to the updated figure or table, per dashboard.

    Runs ``coachkit classroom`` and Debian's Chromium headless (Playwright), moves each
    dashboard's first control with the keyboard, back and forth, and times until the new
    figure (or, for the forms of 04 and 05, the new summary) is on the page.
    """
    import tempfile

    from benchmarks import browser as br

    chromium = br.find_chromium()
    if chromium is None:
        raise RuntimeError("no Chromium: install Debian's 'chromium' package")
    apps = {"01_teema-analyysi": ".widget-output", "02_arvopyramidi": ".widget-output",
            "03_opiskelijavalinnat": ".widget-output", "05_ips-laatu": ".widget-html",
            "04_valmentajan-tyo": ".widget-html", "08_valmennusvuosi": ".widget-output"}
    result = {}
    with tempfile.TemporaryDirectory() as tmp, br.classroom_server(Path(tmp) / "c") as url, \
            br.browser(chromium) as b:
        for app, where in apps.items():
            page = br.new_page(b)
            br.open_app(page, f"{url}voila/render/muistikirjat/{app}.ipynb")
            times = []
            for k in range(repeats):
                if app.startswith("04"):
                    before = br.snapshot(page, where)
                    rows = page.locator(".widget-text input[type=text]")  # a new topic changes the count
                    n = rows.count()
                    rows.nth(k % n).fill(f"Aihe {k}" if k < n else "")
                    times.append(br.wait_for_change(page, where, before))
                    continue
                figure = where == ".widget-output"
                before = br.figures(page, where) if figure else br.snapshot(page, where)
                br.press_slider(page, 0, "ArrowRight" if k % 2 == 0 else "ArrowLeft")
                times.append(br.wait_for_change(page, where, before, figure=figure))
            result[app] = float(np.median(times))
            page.close()
    return result


def agreement_project(chars: int = 500_000, n_codes: int = 150, *, n_sources: int = 25,
                      seed: int = 0) -> bytes:
    """A two-coder ``.qdpx`` (own codes): paragraphs of 30–90 words, 0–2 selections each by
    coder A; coder B codes most of them alike with shifted bounds, some with another code."""
    from coachkit.formats.qdpx import project_bytes, stable_guid

    rng = np.random.default_rng(seed)
    words = np.array("työ valmentaja asiakas tavoite tuki arki polku kurssi haku paikka jakso "
                     "ohjaus yhteys sopimus tunti viikko kunta palvelu koulu taito".split())
    codes = [f"koodi {i:03d}" for i in range(n_codes)]
    guid = {c: stable_guid("own", c) for c in codes}
    sources = []
    for s in range(n_sources):
        paras, length = [], 0
        while length < chars // n_sources:
            paras.append(" ".join(words[rng.integers(0, len(words), rng.integers(30, 90))]))
            length += len(paras[-1]) + 1
        selections, pos = [], 0
        for p in paras:
            p0, p1 = pos, pos + len(p)
            pos = p1 + 1
            for _ in range(rng.integers(0, 3)):
                a = int(p0 + rng.integers(0, (p1 - p0) // 3))
                b = int(p1 - rng.integers(0, (p1 - p0) // 3))
                code = codes[rng.integers(0, n_codes)]
                selections.append((a, b, guid[code], "A", f"{s}-{a}-A"))
                r = rng.random()
                if r < 0.75:
                    a2 = max(p0, a + int(rng.integers(-20, 21)))
                    b2 = min(p1, b + int(rng.integers(-20, 21)))
                    selections.append((a2, b2, guid[code], "B", f"{s}-{a2}-B"))
                elif r < 0.9:
                    other = codes[rng.integers(0, n_codes)]
                    selections.append((a, b, guid[other], "B", f"{s}-{a}-B"))
        sources.append({"name": f"Haastattelu {s:02d}", "text": "\n".join(paras),
                        "selections": selections})
    return project_bytes(name="coachkit bench", tree=[{"guid": guid[c], "name": c} for c in codes],
                         users=["A", "B"], sources=sources, excluded=[], origin="coachkit bench")


def bench_agreement(chars: int = 500_000, n_codes: int = 150, repeats: int = 5,
                    baseline_sources: int = 3) -> dict:
    import tempfile

    from coachkit.analyses.agreement import agreement
    from coachkit.analyses.unitising import character_agreement, character_agreement_by_mask
    from coachkit.formats.qdpx import read_project

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kaksi_koodaajaa.qdpx"
        path.write_bytes(agreement_project(chars, n_codes))
        project = read_project(path)
        reads, runs = [], []
        for _ in range(repeats):  # interleaved, so a busy machine slows both alike
            reads.append(_median_time(lambda: read_project(path), 1))
            runs.append(_median_time(lambda: agreement(path, codes="own"), 1))
        result = agreement(path, codes="own")
    spans = project.codings[["source", "coder", "code", "start", "end"]]
    texts = dict(zip(project.sources["name"], project.sources["text"], strict=True))
    some = spans.loc[spans["source"].isin(list(texts)[:baseline_sources])]
    t_fast = _median_time(lambda: character_agreement(some, texts), repeats)
    t_mask = _median_time(lambda: character_agreement_by_mask(some, texts), max(1, repeats // 2))
    read_s, agreement_s = statistics.median(reads), statistics.median(runs)
    return {"characters": int(project.sources["text"].str.len().sum()), "codes": n_codes,
            "selections": len(spans), "units": result.n_segments, "read_s": read_s,
            "agreement_s": agreement_s, "ratio_to_read": agreement_s / read_s,
            "baseline_sources": baseline_sources,
            "baseline_characters": sum(len(texts[s]) for s in list(texts)[:baseline_sources]),
            "interval_s": t_fast, "mask_s": t_mask, "speedup_vs_mask": t_mask / t_fast}


def _process_tree(pid: int) -> list:
    """``pid`` and all its descendants (from ``/proc``; Linux)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo += [c for c, parent in parents.items() if parent == p]
    return tree


def _cpu_seconds(pids) -> dict:
    """pid → CPU seconds (user + system) of that process alone, for the pids still alive."""
    import os

    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[p] = (int(fields[11]) + int(fields[12])) / tick
    return out


def _cpu_spent(before: dict, pid: int) -> dict:
    """pid → CPU seconds spent since ``before`` by ``pid``'s tree (new processes counted whole)."""
    now = _cpu_seconds(_process_tree(pid))
    return {p: t - before.get(p, 0.0) for p, t in now.items()}


def _split_cpu(spent: dict, before: dict, server: int, page_pids) -> dict:
    """Where the server's CPU seconds went: the Voilà process, the kernels the pages got,
    kernels started meanwhile (pool refills, pages that found the pool empty), the rest."""
    pages = set(page_pids) - {server}
    new = {p for p in spent if p not in before and p != server}
    return {"voila": spent.get(server, 0.0),
            "page_kernels": sum(spent.get(p, 0.0) for p in pages),
            "new_kernels": sum(spent[p] for p in new - pages),
            "new_kernel_count": len(new - pages),
            "pages_on_new_kernels": len(new & pages),
            "other": sum(v for p, v in spent.items() if p not in pages | new | {server})}


def _pss_mb(pids) -> float:
    """Proportional set size (shared pages divided among their users) of ``pids``, in MB."""
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except OSError:
            continue
    return total / 1024


def _kernel_pids(pid: int) -> dict:
    """kernel id → process id of the server's kernels (from their connection file's name)."""
    import re

    out = {}
    for p in _process_tree(pid)[1:]:
        try:
            cmd = Path(f"/proc/{p}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        m = re.search(r"kernel-([0-9a-f-]{36})\.json", cmd)
        if m:
            out[m.group(1)] = p
    return out


def _page_kernel(page) -> str | None:
    return page.evaluate("""() => { const c = document.getElementById('jupyter-config-data');
        return c ? JSON.parse(c.textContent).kernelId : null; }""")


def _class_setup(students: int, app: str) -> tuple:
    """Chromium, the exercise's notebook, its number of forms, and the result's first keys."""
    from benchmarks import browser as br
    from coachkit.teaching.exercises import exercises_dir

    chromium = br.find_chromium()
    if chromium is None:
        raise RuntimeError("no Chromium: install Debian's 'chromium' package")
    notebook = next(p for p in sorted(exercises_dir().glob("*.ipynb")) if p.name.startswith(app))
    expected = br.expected_forms(notebook)
    return chromium, notebook, expected, {"app": notebook.stem, "students": students,
                                          "forms_per_page": expected}


def bench_class(students: int = 20, app: str = "01") -> dict:
    """``students`` pages of one exercise opened at once, beside one student alone.

    One server (``coachkit classroom --students N+1 --open APP``) is started and waits until
    its pool is ready (time and CPU of the preparation are reported).  Then one page is
    opened alone, then ``students`` pages at once.  For each: pages missing a form, pages
    whose widget states came one widget at a time (the slow fallback), seconds until every
    form is on the page, the server's CPU seconds spent while they opened, per student — in
    all, and split into the Voilà process, the kernels the pages got, kernels started
    meanwhile (pool refills; pages that found the pool empty) and the pool's waiting
    kernels — and memory (PSS) per student = the Voilà process's PSS shared among the
    students + the mean PSS of a page's kernel.
    Finally every page is closed and the time until their kernels are gone is measured.
    """
    import tempfile

    from benchmarks import browser as br
    from coachkit.teaching.classroom import SECTIONS

    chromium, notebook, expected, result = _class_setup(students, app)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with br.classroom_server(Path(tmp) / "c", students=students + 1, open_=[app],
                                 ready_timeout=1800) as url, br.browser(chromium) as b:
            result["prepare_s"] = time.perf_counter() - t0
            tree = _process_tree(url.pid)
            result["prepare_cpu_s"] = sum(_cpu_seconds(tree).values())
            result["idle_pss_mb"] = _pss_mb(tree)
            app_url = f"{url}voila/render/{SECTIONS[1][0]}/{notebook.name}"
            for label, n in (("one", 1), ("class", students)):
                time.sleep(3)  # let the server settle
                before = _cpu_seconds(_process_tree(url.pid))
                t0 = time.perf_counter()
                pages = br.open_class(b, app_url, n, expected)
                wall = time.perf_counter() - t0
                spent = _cpu_spent(before, url.pid)
                cpu = sum(spent.values())
                kernels = _kernel_pids(url.pid)
                page_kernels = [kernels.get(_page_kernel(p["page"])) for p in pages]
                split = _split_cpu(spent, before, url.pid, filter(None, page_kernels))
                server_pss = _pss_mb([url.pid])
                kernel_pss = _pss_mb([k for k in page_kernels if k]) / max(1, sum(map(bool, page_kernels)))
                times = [p["seconds"] for p in pages if p["seconds"] is not None]
                result[label] = {
                    "pages": n, "missing": sum(p["forms"] < expected for p in pages),
                    "notices": sum(p["notice"] for p in pages),
                    "errors": sum(bool(p["errors"]) for p in pages),
                    "widget_by_widget": sum(p["widget_requests"] > 0 for p in pages),
                    "median_s": float(np.median(times)) if times else None,
                    "max_s": max(times) if times else None, "wall_s": wall,
                    "cpu_per_student": cpu / n, "server_cpu_per_student": split["voila"] / n,
                    "page_kernel_cpu_per_student": split["page_kernels"] / n,
                    "new_kernel_cpu_per_student": split["new_kernels"] / n,
                    "other_cpu_per_student": split["other"] / n,
                    "new_kernels": split["new_kernel_count"],
                    "pages_on_new_kernels": split["pages_on_new_kernels"],
                    "pss_per_student": server_pss / n + kernel_pss,
                    "server_pss_per_student": server_pss / n, "kernel_pss": kernel_pss,
                    "total_pss_mb": _pss_mb(_process_tree(url.pid)),
                }
                if label == "one":
                    pages[0]["page"].close()
            # every page closes: how long until their kernels are gone?
            ids = set(filter(None, (_page_kernel(p["page"]) for p in pages)))
            for p in pages:
                p["page"].close()
            t0 = time.perf_counter()
            while set(_kernel_pids(url.pid)) & ids and time.perf_counter() - t0 < 300:
                time.sleep(2)
            left = len(set(_kernel_pids(url.pid)) & ids)
            result["closed_gone_s"] = time.perf_counter() - t0 if not left else None
            result["closed_left"] = left
    return result


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _address_kind(response: str) -> str:
    """``403 http://127.0.0.1:8000/user/opiskelija-01/api/kernels/<uuid>?x=1`` →
    ``403 /user/<nimi>/api/kernels/<id>`` (one line per kind of refused address)."""
    import re

    status, url = response.split(" ", 1)
    path = re.sub(r"^[a-z]+://[^/]+", "", url).split("?")[0]
    path = re.sub(r"opiskelija-\d+", "<nimi>", path)
    return f"{status} " + re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "<id>", path)


def bench_hub(students: int = 20, app: str = "01", *, classroom: bool = True) -> dict:
    """``students`` log in to the trial hub at once and open one exercise; the classroom beside.

    The trial hub (``coachkit hub``: JupyterHub, configurable-http-proxy, a single-user
    server per student) starts with nobody logged in.  Then ``students`` headless Chromium
    pages log in at the same moment with the class password; each lands on its own server's
    landing page and opens the exercise.  Reported: pages missing a form, seconds until the
    landing page and until every form, the CPU seconds of everything the hub runs (hub, proxy,
    students' servers and kernels: starting the servers is part of a student's cost on a hub)
    per student, and memory (PSS) per student split into their server and their kernel.
    With ``classroom`` the same run first measures the plain classroom (:func:`bench_class`).
    """
    import tempfile

    from benchmarks import browser as br
    from coachkit.teaching.classroom import SECTIONS

    chromium, notebook, expected, result = _class_setup(students, app)
    if classroom:
        result["classroom"] = bench_class(students, app)
    names = [f"Opiskelija {i + 1:02d}" for i in range(students)]
    password = "luokka-bench-2026"
    with tempfile.TemporaryDirectory() as tmp, br.hub_server(Path(tmp) / "hub", password) as url, \
            br.browser(chromium) as b:
        time.sleep(3)  # let the hub settle
        tree = _process_tree(url.pid)
        result["idle_pss_mb"] = _pss_mb(tree)
        before = _cpu_seconds(tree)
        t0 = time.perf_counter()
        pages = br.open_hub_class(b, url, names, password, f"{SECTIONS[1][0]}/{notebook.name}",
                                  expected, timeout=1800)
        wall = time.perf_counter() - t0
        spent = _cpu_spent(before, url.pid)
        cpu, cpu_hub = sum(spent.values()), spent.get(url.pid, 0.0)
        tree = _process_tree(url.pid)
        kernels = set(_kernel_pids(url.pid).values())
        servers = [p for p in tree if "jupyterhub.singleuser" in _cmdline(p)]
        times = [p["seconds"] for p in pages if p["seconds"] is not None]
        landed = [p["landed"] for p in pages if p["landed"] is not None]
        total = _pss_mb(tree)
        result["hub"] = {
            "pages": students, "missing": sum(p["forms"] < expected for p in pages),
            "notices": sum(p["notice"] for p in pages),
            "errors": sum(bool(p["errors"]) for p in pages),
            "landed_median_s": float(np.median(landed)) if landed else None,
            "median_s": float(np.median(times)) if times else None,
            "max_s": max(times) if times else None, "wall_s": wall,
            "cpu_per_student": cpu / students, "hub_cpu_per_student": cpu_hub / students,
            "server_pss_per_student": _pss_mb(servers) / max(1, len(servers)),
            "kernel_pss_per_student": _pss_mb(kernels) / students,
            "pss_per_student": total / students, "total_pss_mb": total,
            "servers": len(servers), "kernels": len(kernels),
            "error_texts": sorted({e[:160] for p in pages for e in p["errors"]}),
            "refused": sorted({_address_kind(u) for p in pages for u in p["refused"]}),
        }
        for p in pages:
            p["page"].close()
    return result


def _print_hub(r: dict) -> None:
    h, n = r["hub"], r["students"]
    c = r.get("classroom", {}).get("class")
    print(f"a class logs in at once: {n} students, each opens {r['app']} ({r['forms_per_page']} forms) "
          "in headless Chromium; 2 cores shared with the browsers")
    print(f"  trial hub before anyone logs in: {r['idle_pss_mb']:.0f} MB PSS (hub, proxy, idle culler)")
    print(f"  {'':40s} {'hub':>10s} {'classroom':>10s}")

    def row(name, a, b, fmt):
        def cell(v):
            return "–" if v is None else format(v, fmt)

        print(f"  {name:40s} {cell(a):>10s} {cell(b):>10s}")

    get = (lambda k: c.get(k)) if c else (lambda k: None)
    row("pages missing a form", h["missing"], get("missing"), "d")
    row("pages showing a Finnish notice", h["notices"], get("notices"), "d")
    row("pages with console errors", h["errors"], get("errors"), "d")
    row("log-in → own landing page, median (s)", h["landed_median_s"], None, ".1f")
    row("time to every form, median (s)", h["median_s"], get("median_s"), ".1f")
    row("time to every form, slowest (s)", h["max_s"], get("max_s"), ".1f")
    row("server CPU-s per student", h["cpu_per_student"], get("cpu_per_student"), ".2f")
    row("  of which the hub process", h["hub_cpu_per_student"], None, ".2f")
    row("memory (PSS) per student (MB)", h["pss_per_student"], get("pss_per_student"), ".0f")
    row("  the student's own server (MB)", h["server_pss_per_student"], None, ".0f")
    row("  the student's kernel (MB)", h["kernel_pss_per_student"], None, ".0f")
    row("everything in all (MB PSS)", h["total_pss_mb"], get("total_pss_mb"), ".0f")
    row("wall time (s, mostly the browsers)", h["wall_s"], get("wall_s"), ".1f")
    print(f"  hub: {h['servers']} students' servers and {h['kernels']} kernels running at the end")
    for text in h["error_texts"]:
        print(f"  console error on the hub (log-in or app page): {text}")
    for text in h["refused"]:
        print(f"  refused: {text}")
    if c:
        print("  classroom: kernels pre-heated before the class arrived "
              f"({r['classroom']['prepare_cpu_s']:.0f} CPU-s, not counted above); the hub starts "
              "each student's server and kernel when they log in (counted above)")


def _print_class(r: dict) -> None:
    one, cls = r["one"], r["class"]
    n = r["students"]
    print(f"a class at once: {n} pages of {r['app']} ({r['forms_per_page']} forms each) in headless "
          f"Chromium, one server, 2 cores shared with the browsers")
    print(f"  preparing the pool of {n + 1} kernels   {r['prepare_s']:6.0f} s wall, "
          f"{r['prepare_cpu_s']:6.0f} CPU-s, {r['idle_pss_mb']:6.0f} MB PSS (before anyone arrives)")
    print(f"  {'':34s} {'one student':>12s} {f'{n} at once':>12s}   goal ({n} at once)")

    def row(name, a, b, fmt, goal=""):
        def cell(v):
            return "–" if v is None else format(v, fmt)

        print(f"  {name:34s} {cell(a):>12s} {cell(b):>12s}   {goal}")

    row("pages missing a form", one["missing"], cls["missing"], "d", "0")
    row("pages showing a Finnish notice", one["notices"], cls["notices"], "d")
    row("pages with console errors", one["errors"], cls["errors"], "d")
    row("pages asking widget by widget", one["widget_by_widget"], cls["widget_by_widget"], "d",
        "0")
    row("time to every form, median (s)", one["median_s"], cls["median_s"], ".1f")
    row("time to every form, slowest (s)", one["max_s"], cls["max_s"], ".1f")
    row("server CPU-s per student", one["cpu_per_student"], cls["cpu_per_student"], ".2f", "≤ 1")
    row("  the Voilà process", one["server_cpu_per_student"],
        cls["server_cpu_per_student"], ".2f")
    row("  the kernels the pages got", one["page_kernel_cpu_per_student"],
        cls["page_kernel_cpu_per_student"], ".2f")
    row("  kernels started meanwhile", one["new_kernel_cpu_per_student"],
        cls["new_kernel_cpu_per_student"], ".2f")
    row("  the pool's waiting kernels", one["other_cpu_per_student"],
        cls["other_cpu_per_student"], ".2f")
    row("kernels started meanwhile", one["new_kernels"], cls["new_kernels"], "d")
    row("  of them given to a page", one["pages_on_new_kernels"], cls["pages_on_new_kernels"], "d",
        "0")
    row("memory (PSS) per student (MB)", one["pss_per_student"], cls["pss_per_student"], ".0f",
        "≤ 150")
    row("  the Voilà process's share", one["server_pss_per_student"],
        cls["server_pss_per_student"], ".0f")
    row("  a page's kernel", one["kernel_pss"], cls["kernel_pss"], ".0f")
    row("server + kernels PSS in all (MB)", one["total_pss_mb"], cls["total_pss_mb"], ".0f")
    row("wall time (s, mostly the browsers)", one["wall_s"], cls["wall_s"], ".1f", "(reported)")
    gone = r["closed_gone_s"]
    print(f"  all {n} tabs closed → their kernels gone after "
          + (f"{gone:.0f} s (goal ≤ 120 s)" if gone is not None
             else f"more than 300 s ({r['closed_left']} left)"))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.bench")
    p.add_argument("what", choices=["themes", "selection", "cli", "classroom", "agreement", "hub"])
    p.add_argument("--n", type=int, default=None,
                   help="segments (themes, default 1,000,000) or applicants (selection, 10,000)")
    p.add_argument("--reps", type=int, default=1000, help="replications (selection)")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--students", type=int, default=None,
                   help="classroom: open this many pages of one exercise at once (e.g. 20)")
    p.add_argument("--app", default="01", help="classroom --students, hub: the exercise (default 01)")
    p.add_argument("--no-classroom", action="store_true",
                   help="hub: skip the plain classroom's figures beside the hub's")
    args = p.parse_args(argv)
    if args.what == "hub":
        _print_hub(bench_hub(args.students or 20, args.app, classroom=not args.no_classroom))
        return 0
    if args.what == "classroom" and args.students:
        _print_class(bench_class(args.students, args.app))
        return 0
    if args.what == "classroom":
        r = bench_classroom(max(args.repeats, 5))
        print("control change → updated figure or table in headless Chromium (median)")
        for app, t in r.items():
            print(f"  {app:24s} {1000 * t:7.0f} ms")
        print("  goal: under 300 ms for the figure")
        return 0
    if args.what == "agreement":
        r = bench_agreement(args.n or 500_000, repeats=args.repeats)
        print(f"themes agreement on a REFI-QDA project: {r['characters']:,} characters, "
              f"{r['codes']} codes, 2 coders, {r['selections']:,} selections, "
              f"{r['units']:,} paragraph units (median of {args.repeats})")
        print(f"  read the project (read_project)      {r['read_s']:8.3f} s")
        print(f"  themes agreement (incl. reading)     {r['agreement_s']:8.3f} s")
        print(f"  ratio to reading      {r['ratio_to_read']:6.2f}×   (goal ≤ 3×)")
        print(f"  character comparison on {r['baseline_sources']} sources "
              f"({r['baseline_characters']:,} characters):")
        print(f"    interval arithmetic                {r['interval_s']:8.3f} s")
        print(f"    per-character masks (baseline)     {r['mask_s']:8.3f} s")
        print(f"    speed-up            {r['speedup_vs_mask']:6.1f}×")
        return 0
    if args.what == "cli":
        r = bench_cli(max(args.repeats, 5))
        print(f"command start-up, median of {r['repeats']} fresh processes")
        print(f"  coachkit tasks summary --json  {r['cli_s']:8.3f} s")
        print(f"  python -c 'import pandas'      {r['pandas_s']:8.3f} s")
        print(f"  ratio                 {r['ratio']:6.2f}×   (goal ≤ 1.5×)")
        return 0
    if args.what == "selection":
        r = bench_selection(args.reps, args.n or 10_000, repeats=min(args.repeats, 3))
        print(f"selection Monte Carlo, {r['reps']:,} replications × {r['applicants']:,} applicants, "
              "3 strategies × coach on/off (median)")
        print(f"  coachkit simulate                {r['simulate_s']:8.3f} s")
        print(f"  the same random draws only       {r['draw_only_s']:8.3f} s")
        print(f"  per-applicant Python loop        {r['loop_s_scaled']:8.1f} s "
              f"(timed on {r['loop_reps_timed']} replications, scaled)")
        print(f"  ratio to drawing alone  {r['ratio_to_draw']:6.2f}×   (goal ≤ 3×)")
        print(f"  speed-up vs loop        {r['speedup_vs_loop']:6.0f}×   (goal ≥ 50×)")
        print(f"  dashboard update (300 applicants, {200} reps, two figures drawn) "
              f"{1000 * r['widget_update_s']:.0f} ms   (goal < 150 ms)")
        return 0
    r = bench_themes(args.n or 1_000_000, args.repeats)
    print(f"star table, {r['segments']:,} segments (median of {args.repeats})")
    print(f"  read_corpus (validation, once) {r['read_corpus_s']:8.3f} s")
    print(f"  coachkit star_table            {r['star_table_s']:8.3f} s")
    print(f"  bare pandas.crosstab (limit)   {r['crosstab_s']:8.3f} s")
    print(f"  naive per-row loop (iterrows)  {r['naive_loop_s']:8.3f} s")
    print(f"  tuned Python loop (zip, count) {r['tuned_loop_s']:8.3f} s")
    print(f"  speed-up vs loop    {r['speedup_vs_loop']:6.1f}×   (goal ≥ 20×)")
    print(f"  speed-up vs tuned   {r['tuned_loop_s'] / r['star_table_s']:6.1f}×")
    print(f"  ratio to crosstab   {r['ratio_to_crosstab']:6.2f}×   (goal ≤ 2×)")
    print(f"file → star table, {r['segments']:,} rows, {r['file_mb']:.0f} MB CSV "
          f"(median of {args.repeats}, timed alternately)")
    print(f"  pandas.read_csv alone            {r['read_csv_s']:8.3f} s")
    print(f"  read_corpus + star_table         {r['file_to_stars_s']:8.3f} s")
    print(f"  ratio to read_csv   {r['ratio_to_read_csv']:6.2f}×   (goal ≤ 1.5×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
