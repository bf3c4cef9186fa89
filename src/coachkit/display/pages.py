"""Pages that work offline and never go blank: widgets frozen into plain HTML.

A notebook page exported to HTML has no kernel, and the widget manager, require.js and
MathJax that nbconvert's template would load come from CDNs — so a dashboard is an empty
box on a USB stick in a classroom without network.  :func:`freeze_widgets` replaces every
widget view in an executed notebook by a static picture of its default state, built from
the widget state the run stored: the figures and tables of its output areas (an ``<img>``
for each figure), its text and HTML, and each control as ``label: value``, followed by one
line saying that ``coachkit classroom`` or JupyterLab makes it live (a picture's note only
where there is a picture).  An answer form (a widget carrying :data:`FORM_CLASS`) is no use on
paper: it becomes its title and one line saying to answer on the page, and the
outputs of the exercises' code-path cells (``tarkista(…)`` → "not answered yet") are left
out.  Every word it adds is a catalogue key (``label.page_*``) in the page's language.
The widget state is then dropped, so no widget manager is needed; :func:`strip_remote`
removes what would still be fetched from the network (the notebooks use no LaTeX, so MathJax
is unnecessary).
"""

from __future__ import annotations

import copy
import html
import re

from ..i18n import DEFAULT_LANG, check_lang, format_number, t

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
#: the note under a frozen view with a picture (its ``{0}`` is the command below)
LIVE_NOTE = "label.page_picture_note"
#: the note under a frozen view without a picture (a table, a tool's controls)
VIEW_NOTE = "label.page_view_note"
#: the line an answer form becomes on paper
FORM_NOTE = "label.page_form_note"
#: what the notes name as the way to make a page live
LIVE_COMMAND = "<code>coachkit classroom</code>"


def note(key: str, lang: str) -> str:
    """One of the page notes (:data:`LIVE_NOTE`, :data:`VIEW_NOTE`, :data:`FORM_NOTE`) in ``lang``.

    >>> note(VIEW_NOTE, "en")[:27]
    'The view in its default sta'
    """
    return t(key, lang, LIVE_COMMAND)


#: CSS class of an answer form (and a save or reflection box): on a static page it is one line
FORM_CLASS = "coachkit-form"
#: CSS class of a student's name field (:func:`coachkit.teaching.student.name_field`): the classroom's
#: name bar fills it in, and a page warns before a reload while every one is empty and the forms
#: were used (nothing was saved on the server yet)
NAME_CLASS = "coachkit-nimi"
#: CSS class of the hidden box the classroom fills with the visit's id
#: (:func:`coachkit.teaching.student.visit_field`)
VISIT_CLASS = "coachkit-kaynti"
#: CSS class of a frozen control (what the "controls work when…" note is about)
CONTROL = "coachkit-control"
#: cells whose output only checks a student's answer (nothing to show on paper)
CODE_PATH_TAG = "code-path"


def _ref(value):
    return value[len("IPY_MODEL_"):] if isinstance(value, str) and value.startswith("IPY_MODEL_") else None


def _output_html(output: dict, lang: str) -> str:
    data = output.get("data", {})
    if output.get("output_type") == "stream":
        return f"<pre>{html.escape(''.join(output.get('text', '')))}</pre>"
    if "image/png" in data and "<img" not in str(data.get("text/html", "")):
        png = data["image/png"]
        png = "".join(png) if isinstance(png, list) else png
        alt = html.escape(t("label.alt_picture", lang))
        return f'<img src="data:image/png;base64,{png.strip()}" alt="{alt}" style="max-width:100%">'
    if "text/html" in data:
        text = data["text/html"]
        return "".join(text) if isinstance(text, list) else text
    if "text/plain" in data:
        text = data["text/plain"]
        return f"<pre>{html.escape(''.join(text) if isinstance(text, list) else text)}</pre>"
    return ""


def _value_text(value, lang: str) -> str:
    """A control's value as a reader of ``lang`` expects it (a decimal comma in Finnish).

    >>> _value_text(0.25, "fi"), _value_text(0.25, "en"), _value_text("30 %", "en")
    ('0,25', '0.25', '30 %')
    """
    if isinstance(value, bool) or not isinstance(value, float):
        return str(value)
    return format_number(value, lang)


def _form_line(s: dict, state: dict, lang: str) -> str:
    """An answer form on paper: its title (if it has one) and where to answer."""
    first = next((_ref(c) for c in s.get("children", []) if _ref(c)), None)
    title = state.get(first, {}) if first else {}
    head = (f"<div>{title['state'].get('value', '')}</div>"
            if title.get("model_name") in ("HTMLModel", "HTMLMathModel") else "")
    return (f'<div class="{FORM_CLASS}" style="border:1px dashed #999;padding:0.3em 0.6em">'
            f"{head}<p><i>{note(FORM_NOTE, lang)}</i></p></div>")


def _render(model_id: str, state: dict, seen: set, lang: str) -> str:
    """Static HTML of one widget model and its children."""
    if model_id in seen or model_id not in state:
        return ""
    seen.add(model_id)
    model = state[model_id]
    name = model.get("model_name", "")
    s = model.get("state", {})
    if FORM_CLASS in s.get("_dom_classes", []):
        return _form_line(s, state, lang)
    desc = html.escape(str(s.get("description", "") or ""))
    label = f"{desc} " if desc.endswith(":") else f"{desc}: " if desc else ""
    if name == "OutputModel":
        return "".join(_output_html(o, lang) for o in s.get("outputs", []))
    if "children" in s:
        inner = "".join(_render(_ref(c), state, seen, lang) for c in s.get("children", [])
                        if _ref(c))
        if name == "HBoxModel":
            return f'<div style="display:flex;flex-wrap:wrap;gap:1em;align-items:center">{inner}</div>'
        return f"<div>{inner}</div>"
    if name in ("HTMLModel", "HTMLMathModel"):
        return f"<div>{s.get('value', '')}</div>"
    if name == "LabelModel":
        return f"<div>{html.escape(str(s.get('value', '')))}</div>"
    if name == "ButtonModel":
        return f'<span class="{CONTROL}" style="border:1px solid #999;padding:0.1em 0.6em">{desc}</span>'
    if name == "CheckboxModel":
        return f"<div class=\"{CONTROL}\">{'☑' if s.get('value') else '☐'} {desc}</div>"
    if "_options_labels" in s:
        idx = s.get("index")
        chosen = s["_options_labels"][idx] if isinstance(idx, int) else "–"
        return f'<div class="{CONTROL}">{label}<b>{html.escape(str(chosen))}</b></div>'
    if "Slider" in name and s.get("readout") is False:  # a box beside it shows the value
        return f'<div class="{CONTROL}">{label.strip()}</div>' if label else ""
    if "value" in s:
        value = s["value"]
        value = ("–".join(_value_text(v, lang) for v in value) if isinstance(value, list)
                 else _value_text(value, lang))  # a list: a range slider
        return f'<div class="{CONTROL}">{label}<b>{html.escape(value)}</b></div>'
    return ""


def freeze_widgets(nb, *, lang: str = DEFAULT_LANG):
    """A copy of an executed notebook whose widget views are static HTML (see the module doc)."""
    check_lang(lang)
    nb = copy.deepcopy(nb)
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    picture_note, view_note = note(LIVE_NOTE, lang), note(VIEW_NOTE, lang)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if CODE_PATH_TAG in cell.metadata.get("tags", []):
            cell.outputs = []
            continue
        outputs = []
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(WIDGET_VIEW)
            if view is None:
                outputs.append(out)
                continue
            body = _render(view.get("model_id", ""), state, set(), lang)
            # a form says where to answer itself; a picture's note only under a picture
            outside = re.sub(rf'<div class="{FORM_CLASS}".*?</i></p></div>', "", body, flags=re.S)
            under = (picture_note if "<img" in outside else
                     view_note if f'class="{CONTROL}"' in outside else "")
            note_html = f'<p style="color:#555"><i>{under}</i></p>' if under else ""
            outputs.append({"output_type": "display_data", "metadata": {},
                            "data": {"text/html": f'<div class="coachkit-static">{body}{note_html}</div>',
                                     "text/plain": t("label.page_dashboard", lang)}})
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


def notebook_lang(nb, default: str = DEFAULT_LANG) -> str:
    """The language a notebook's page is in: its LAST ``LANG = "xx"`` assignment, else ``default``.

    The last one wins because a run's parameters (``coachkit rerun --param lang=en``:
    papermill's injected cell) come after the notebook's own default.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('LANG = "fi"  # or "en"'),
    ...                                      nbformat.v4.new_code_cell("# Parameters\\nLANG = 'en'")])
    >>> notebook_lang(nb), notebook_lang(nbformat.v4.new_notebook())
    ('en', 'fi')
    """
    found = default
    for cell in nb.cells:
        if cell.cell_type == "code":
            for match in re.finditer(r"^LANG\s*=\s*[\"']([A-Za-z-]{2,8})[\"']", cell.source, re.M):
                found = match.group(1)
    return found


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
