"""Pages that work offline and never go blank: widgets frozen into plain HTML.

A notebook page exported to HTML has no kernel, and the widget manager, require.js and
MathJax that nbconvert's template would load come from CDNs — so a dashboard is an empty
box on a USB stick in a classroom without network.  :func:`freeze_widgets` replaces every
widget view in an executed notebook by a static picture of its default state, built from
the widget state the run stored: the figures and tables of its output areas (an ``<img>``
for each figure), its text and HTML, and each control as ``label: value``, followed by one
line saying that ``coachkit classroom`` or JupyterLab makes it live.  The widget state is
then dropped, so no widget manager is needed; :func:`strip_remote` removes what would
still be fetched from the network (the notebooks use no LaTeX, so MathJax is unnecessary).
"""

from __future__ import annotations

import copy
import html
import re

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
LIVE_NOTE = ("Kuva kojelaudan oletustilasta. Säätimet toimivat, kun avaat muistikirjan "
             "komennolla <code>coachkit classroom</code> tai JupyterLabissa.")
LIVE_NOTE_EN = ("A picture of the dashboard's default state. The controls work when you open "
                "the notebook with <code>coachkit classroom</code> or in JupyterLab.")


def _ref(value):
    return value[len("IPY_MODEL_"):] if isinstance(value, str) and value.startswith("IPY_MODEL_") else None


def _output_html(output: dict) -> str:
    data = output.get("data", {})
    if output.get("output_type") == "stream":
        return f"<pre>{html.escape(''.join(output.get('text', '')))}</pre>"
    if "image/png" in data and "<img" not in str(data.get("text/html", "")):
        png = data["image/png"]
        png = "".join(png) if isinstance(png, list) else png
        return f'<img src="data:image/png;base64,{png.strip()}" alt="kuva" style="max-width:100%">'
    if "text/html" in data:
        text = data["text/html"]
        return "".join(text) if isinstance(text, list) else text
    if "text/plain" in data:
        text = data["text/plain"]
        return f"<pre>{html.escape(''.join(text) if isinstance(text, list) else text)}</pre>"
    return ""


def _render(model_id: str, state: dict, seen: set) -> str:
    """Static HTML of one widget model and its children."""
    if model_id in seen or model_id not in state:
        return ""
    seen.add(model_id)
    model = state[model_id]
    name = model.get("model_name", "")
    s = model.get("state", {})
    desc = html.escape(str(s.get("description", "") or ""))
    label = f"{desc}: " if desc else ""
    if name == "OutputModel":
        return "".join(_output_html(o) for o in s.get("outputs", []))
    if "children" in s:
        inner = "".join(_render(_ref(c), state, seen) for c in s.get("children", []) if _ref(c))
        if name == "HBoxModel":
            return f'<div style="display:flex;flex-wrap:wrap;gap:1em;align-items:center">{inner}</div>'
        return f"<div>{inner}</div>"
    if name in ("HTMLModel", "HTMLMathModel"):
        return f"<div>{s.get('value', '')}</div>"
    if name == "LabelModel":
        return f"<div>{html.escape(str(s.get('value', '')))}</div>"
    if name == "ButtonModel":
        return f'<span style="border:1px solid #999;padding:0.1em 0.6em">{desc}</span>'
    if name == "CheckboxModel":
        return f"<div>{'☑' if s.get('value') else '☐'} {desc}</div>"
    if "_options_labels" in s:
        idx = s.get("index")
        chosen = s["_options_labels"][idx] if isinstance(idx, int) else "–"
        return f"<div>{label}<b>{html.escape(str(chosen))}</b></div>"
    if "value" in s:
        value = s["value"]
        if isinstance(value, list):  # range sliders
            value = "–".join(map(str, value))
        return f"<div>{label}<b>{html.escape(str(value))}</b></div>"
    return ""


def freeze_widgets(nb, *, lang: str = "fi"):
    """A copy of an executed notebook whose widget views are static HTML (see the module doc)."""
    nb = copy.deepcopy(nb)
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    note = LIVE_NOTE if lang == "fi" else LIVE_NOTE_EN
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(WIDGET_VIEW)
            if view is None:
                outputs.append(out)
                continue
            body = _render(view.get("model_id", ""), state, set())
            outputs.append({"output_type": "display_data", "metadata": {},
                            "data": {"text/html": (f'<div class="coachkit-static">{body}'
                                                   f'<p style="color:#555"><i>{note}</i></p></div>'),
                                     "text/plain": "kojelauta"}})
        cell.outputs = outputs
    nb.metadata.pop("widgets", None)
    return nb


_REMOTE_SCRIPT = re.compile(r'<script[^>]*\ssrc="https?://[^"]*"[^>]*>\s*</script>', re.I)
_REMOTE_LINK = re.compile(r'<link[^>]*\shref="https?://[^"]*"[^>]*/?>', re.I)
_REMOTE_IMPORT = re.compile(r"<script[^>]*>(?:(?!</script>).)*import\(\s*[\"']https?://"
                            r"(?:(?!</script>).)*</script>", re.I | re.S)


def strip_remote(page: str) -> str:
    """Remove every script, stylesheet and module import that would come from the network.

    >>> strip_remote('<p>a</p><script src="https://cdn.x/y.js"></script><p>b</p>')
    '<p>a</p><p>b</p>'
    """
    for pattern in (_REMOTE_SCRIPT, _REMOTE_LINK, _REMOTE_IMPORT):
        page = pattern.sub("", page)
    return page


def remote_resources(page: str) -> list:
    """Addresses a page would fetch from the network (scripts, stylesheets, imports)."""
    found = re.findall(r'<script[^>]*\ssrc="(https?://[^"]*)"', page, re.I)
    found += re.findall(r'<link[^>]*\shref="(https?://[^"]*)"', page, re.I)
    found += re.findall(r"import\(\s*[\"'](https?://[^\"']*)", page)
    found += re.findall(r"(?:widgetRendererSrc|src)\s*=\s*'(https?://[^']*)'", page)
    return found


def notebook_lang(nb, default: str = "fi") -> str:
    """The language a notebook's page is in: its ``LANG = "xx"`` cell, else ``default``."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            found = re.search(r"^LANG\s*=\s*[\"']([A-Za-z-]{2,8})[\"']", cell.source, re.M)
            if found:
                return found.group(1)
    return default


def set_page_lang(page: str, lang: str) -> str:
    """Give the page's ``<html>`` element the notebook's language.

    >>> set_page_lang('<!DOCTYPE html>\\n<html lang="en">\\n<head>', "fi")
    '<!DOCTYPE html>\\n<html lang="fi">\\n<head>'
    >>> set_page_lang('<html><body>', "fi")
    '<html lang="fi"><body>'
    """
    if re.search(r"<html\b[^>]*\slang=", page, re.I):
        return re.sub(r'(<html\b[^>]*\slang=)["\'][^"\']*["\']', rf'\g<1>"{lang}"', page,
                      count=1, flags=re.I)
    return re.sub(r"<html\b", f'<html lang="{lang}"', page, count=1, flags=re.I)
