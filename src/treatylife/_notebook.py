"""
How reports and live models show themselves in Jupyter: an HTML table of
the status, the outlook and the findings with their citations, and the
lifecycle as Mermaid with the path taken, for the front ends that draw it
(JupyterLab 4.1 and later draw Mermaid in Markdown).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ._diagram import diagram
from ._model import Finding, History
from .errors import TreatyLifeError

# Markdown with a Mermaid block is what JupyterLab and VS Code draw; the
# Mermaid text itself is offered too, under its registered media type.
MERMAID = "text/vnd.mermaid"


def status_html(
    title: str,
    status: Mapping[str, str],
    as_of: str | None,
    outlook: Iterable[str],
    findings: Sequence[Finding],
) -> str:
    """
    The HTML a notebook shows: a heading, the status table, the outlook
    and the findings, every text escaped.
    """
    e = html.escape
    when = "" if as_of is None else f" as of {e(as_of)}"
    rows = "".join(
        f"<tr><th scope='row'>{e(track)}</th><td><code>{e(state)}</code></td></tr>"
        for track, state in status.items()
    )
    parts = [
        "<div class='treatylife'>",
        f"<p><strong>{e(title)}</strong></p>",
        f"<table><caption>Status{when}</caption>{rows}</table>",
    ]
    lines = list(outlook)
    if lines:
        parts.append(
            "<ul>" + "".join(f"<li>{e(line)}</li>" for line in lines) + "</ul>"
        )
    if findings:
        body = "".join(
            "<tr>"
            f"<td>{'' if f.index is None else f.index}</td>"
            f"<td>{e(f.event)}</td>"
            f"<td>{e(f.severity.value)}</td>"
            f"<td><code>{e(f.code)}</code></td>"
            f"<td>{e(f.message)}</td>"
            f"<td>{e(str(f.citation))}</td>"
            "</tr>"
            for f in findings
        )
        parts.append(
            "<table><caption>Findings</caption><tr><th>#</th><th>event</th>"
            "<th>severity</th><th>code</th><th>message</th><th>citation</th>"
            f"</tr>{body}</table>"
        )
    else:
        parts.append("<p>No findings.</p>")
    parts.append("</div>")
    return "".join(parts)


def bundle(text_html: str, plain: str, history: History) -> dict[str, Any]:
    """
    The MIME bundle: the HTML, plain text, and the lifecycle with the
    history's path as Mermaid (alone, and in a Markdown block).
    """
    shown: dict[str, Any] = {"text/html": text_html, "text/plain": plain}
    try:
        mermaid = diagram(history=history)
    except TreatyLifeError:
        # A history naming no treaty or jurisdiction treatylife knows has
        # no lifecycle to draw; its findings say why.
        return shown
    return shown | {
        MERMAID: mermaid,
        "text/markdown": f"```mermaid\n{mermaid}```\n",
    }
