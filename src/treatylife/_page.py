"""
One self-contained HTML page for a set of histories: an index with
filters by severity and treaty, and for each history its status, outlook,
findings with their citations, its timeline and its lifecycle diagram with
the path. Everything is inside the file (styles, the small filtering
script, the pictures as data), so that it opens offline, prints, and can
be sent as it is.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from collections.abc import Sequence

from ._diagram import diagram
from ._history import Report
from ._model import verdict
from ._notebook import body_html
from .errors import DiagramError

# Drawing a lifecycle runs Graphviz once per history: beyond this many the
# page keeps the timelines and says how to draw the others.
MAX_DIAGRAMS = 25

_STYLE = """
body { font-family: Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 1250px; padding: 0 1rem; color: #1a1a1a; line-height: 1.4; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2.5rem; border-top: 1px solid #ccc; padding-top: 1rem; }
h3 { font-size: 1.05rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
.error { color: #b00020; font-weight: bold; } .warning { color: #8a5a00; font-weight: bold; } .info { color: #1f4e79; }
.ok { color: #2e6b2e; font-weight: bold; }
figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: .9rem; color: #444; }
.filters { display: flex; gap: 1rem; align-items: center; margin: 1rem 0; flex-wrap: wrap; }
a:focus, select:focus, summary:focus { outline: 3px solid #f4a340; outline-offset: 2px; }
@media print { .filters, .skip { display: none; } section.history { break-before: page; } a { color: inherit; text-decoration: none; } }
"""

# Filters the index and the sections; the page reads fully without it.
_SCRIPT = """
(function () {
  var severity = document.getElementById('filter-severity');
  var treaty = document.getElementById('filter-treaty');
  var count = document.getElementById('shown');
  function apply() {
    var shown = 0;
    document.querySelectorAll('[data-history]').forEach(function (el) {
      var ok = (severity.value === 'all' || el.dataset.severity === severity.value)
        && (treaty.value === 'all' || el.dataset.treaty === treaty.value);
      el.hidden = !ok;
      if (ok && el.tagName === 'TR') { shown += 1; }
    });
    count.textContent = shown;
  }
  severity.addEventListener('change', apply);
  treaty.addEventListener('change', apply);
})();
"""


def _data_uri(svg: str) -> str:
    body = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{body}"


def _worst(report: Report) -> str:
    severities = {f.severity.value for f in report.findings}
    for level in ("error", "warning", "info"):
        if level in severities:
            return level
    return "clean"


def _verdict(report: Report) -> str:
    return verdict(
        report.findings, lambda text, key: f'<span class="{key}">{text}</span>'
    )


# The findings that leave a history without a lifecycle to draw.
_UNRESOLVED = frozenset(
    {"unknown-treaty", "unknown-jurisdiction", "invalid-profile"}
)


def _section(
    report: Report, anchor: str, file: str, line: int | None, *, draw: bool
) -> str:
    e = html.escape
    history = report.history
    title = f"{history.state} — {history.treaty_key} ({history.jurisdiction})"
    where = file if line is None else f"{file}, line {line}"
    out = [
        f'<section class="history" id="{anchor}" data-history data-severity="{_worst(report)}" data-treaty="{e(history.treaty_key)}" aria-labelledby="{anchor}-title">',
        f'<h2 id="{anchor}-title">{e(title)}</h2>',
        f'<p>{_verdict(report)} · read from <code>{e(where)}</code> · status as of <time datetime="{report.as_of.isoformat()}">{report.as_of.isoformat()}</time></p>',
        body_html(
            report.status.as_dict(),
            report.outlook,
            report.findings,
            history.events,
        ),
    ]
    timeline = report.timeline_svg()
    out.append(
        f'<figure><a href="{_data_uri(timeline)}" download="{anchor}-timeline.svg">'
        f'<img src="{_data_uri(timeline)}" alt="Timeline of {e(title)}: one lane per track, each event at its date, open windows shaded, findings marked"></a>'
        "<figcaption>The history in time; the dashed line is the “as of” day. Select to download at full size.</figcaption></figure>"
    )
    unresolved = [f for f in report.errors if f.code in _UNRESOLVED]
    if draw and unresolved:
        # The history names no treaty or jurisdiction treatylife knows (its
        # finding says which): there is no lifecycle to draw.
        out.append(f"<p>No lifecycle is drawn: {e(unresolved[0].message)}</p>")
    elif draw:
        try:
            svg = diagram(
                history=history, as_of=report.as_of.isoformat(), format="svg"
            )
        except DiagramError as exc:
            out.append(
                f"<p>The lifecycle diagram is not drawn: {e(str(exc))}</p>"
            )
            out.append(
                "<details><summary>Its Mermaid source</summary><pre>"
                + e(diagram(history=history, as_of=report.as_of.isoformat()))
                + "</pre></details>"
            )
        else:
            out.append(
                f'<figure><a href="{_data_uri(svg)}" download="{anchor}-lifecycle.svg">'
                f'<img src="{_data_uri(svg)}" alt="Lifecycle of {e(title)}, the path the history took highlighted"></a>'
                "<figcaption>The lifecycle, with the path the history took (numbered) and where each track stands.</figcaption></figure>"
            )
    out.append(
        '<p class="skip"><a href="#index">Back to the index</a></p></section>'
    )
    return "\n".join(out)


def page(
    reports: Sequence[tuple[Report, str, int | None]],
    unreadable: Sequence[str],
    *,
    as_of: dt.date,
) -> str:
    """
    The HTML page for *reports* (each with the file and line it was read
    from) and the inputs that could not be read.
    """
    e = html.escape
    treaties = sorted({r.history.treaty_key for r, _, _ in reports})
    errors = sum(not r.ok for r, _, _ in reports)
    rows = []
    sections = []
    for n, (report, file, line) in enumerate(reports, start=1):
        anchor = f"h{n}"
        history = report.history
        counts = {
            level: sum(f.severity.value == level for f in report.findings)
            for level in ("error", "warning", "info")
        }
        rows.append(
            f'<tr data-history data-severity="{_worst(report)}" data-treaty="{e(history.treaty_key)}">'
            f'<td><a href="#{anchor}">{e(history.state)}</a></td><td>{e(history.treaty_key)}</td><td>{e(history.jurisdiction)}</td>'
            f"<td><code>{e(report.status.participation.value)}</code></td><td>{_verdict(report)}</td>"
            f"<td>{counts['error']}</td><td>{counts['warning']}</td><td>{counts['info']}</td></tr>"
        )
        sections.append(
            _section(report, anchor, file, line, draw=n <= MAX_DIAGRAMS)
        )
    options = "".join(
        f'<option value="{e(t)}">{e(t)}</option>' for t in treaties
    )
    missing = ""
    if unreadable:
        missing = (
            "<h2>Inputs that could not be read</h2><ul>"
            + "".join(f"<li><code>{e(u)}</code></li>" for u in unreadable)
            + "</ul>"
        )
    more = (
        f"<p>Lifecycle diagrams are drawn for the first {MAX_DIAGRAMS} histories; <code>treatylife diagram --history FILE --format svg</code> draws any other.</p>"
        if len(reports) > MAX_DIAGRAMS
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>treatylife report: {len(reports)} histories as of {as_of.isoformat()}</title>
<style>{_STYLE}</style>
</head>
<body>
<main>
<h1 id="index">treatylife report: {len(reports)} histor{"y" if len(reports) == 1 else "ies"}, status as of {as_of.isoformat()}</h1>
<p>{len(reports) - errors} clean, {errors} with errors, {len(unreadable)} unreadable.</p>
<div class="filters" role="search">
<label for="filter-severity">Show</label>
<select id="filter-severity"><option value="all">all histories</option><option value="error">with errors</option><option value="warning">with warnings</option><option value="info">with notes only</option><option value="clean">without findings</option></select>
<label for="filter-treaty">Treaty</label>
<select id="filter-treaty"><option value="all">all treaties</option>{options}</select>
<span><span id="shown">{len(reports)}</span> shown</span>
</div>
<table><caption>Histories</caption>
<tr><th scope="col">state</th><th scope="col">treaty</th><th scope="col">jurisdiction</th><th scope="col">participation</th><th scope="col">verdict</th><th scope="col">errors</th><th scope="col">warnings</th><th scope="col">notes</th></tr>
{"".join(rows)}
</table>
{more}
{missing}
{"".join(sections)}
</main>
<script>{_SCRIPT}</script>
</body>
</html>
"""
