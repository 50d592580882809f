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
from ._model import Event, Finding, History
from .errors import TreatyLifeError

# Markdown with a Mermaid block is what JupyterLab and VS Code draw; the
# Mermaid text itself is offered too, under its registered media type.
MERMAID = "text/vnd.mermaid"


def body_html(
    status: Mapping[str, str],
    outlook: Iterable[str],
    findings: Sequence[Finding],
    events: Sequence[Event],
    *,
    heading: int = 3,
) -> str:
    """
    The status table, what happens next and the findings (each with its
    event's date and its provision, linked where the citation has an
    address), every text escaped: the body a notebook and the report page
    both show.
    """
    e = html.escape
    parts = [
        "<table><caption>Status</caption><tr><th scope='col'>track</th><th scope='col'>state</th></tr>",
        *(
            f"<tr><th scope='row'>{e(track)}</th><td><code>{e(state)}</code></td></tr>"
            for track, state in status.items()
        ),
        "</table>",
    ]
    lines = list(outlook)
    if lines:
        parts.append(f"<h{heading}>What happens next</h{heading}><ul>")
        parts += [f"<li>{e(line)}</li>" for line in lines]
        parts.append("</ul>")
    parts.append(f"<h{heading}>Findings</h{heading}>")
    if not findings:
        parts.append("<p>No findings.</p>")
        return "\n".join(parts)
    parts.append(
        "<table><tr><th scope='col'>#</th><th scope='col'>event</th><th scope='col'>severity</th>"
        "<th scope='col'>code</th><th scope='col'>finding</th><th scope='col'>provision</th></tr>"
    )
    for f in findings:
        cite = e(str(f.citation))
        if f.citation.url:
            cite = f'<a href="{e(f.citation.url)}">{cite}</a>'
        text = f' title="{e(f.citation.text)}"' if f.citation.text else ""
        date = (
            f" ({e(str(events[f.index].date))})"
            if f.index is not None and f.index < len(events)
            else ""
        )
        parts.append(
            f"<tr><td>{'' if f.index is None else f.index}</td><td>{e(f.event)}{date}</td>"
            f'<td class="{e(f.severity.value)}">{e(f.severity.value)}</td><td><code>{e(f.code)}</code></td>'
            f"<td>{e(f.message)}</td><td{text}>{cite}</td></tr>"
        )
    parts.append("</table>")
    return "\n".join(parts)


def status_html(
    title: str,
    status: Mapping[str, str],
    as_of: str | None,
    outlook: Iterable[str],
    findings: Sequence[Finding],
    *,
    events: Sequence[Event] = (),
) -> str:
    """
    The HTML a notebook shows: a heading, then `body_html`.
    """
    e = html.escape
    when = "" if as_of is None else f" (status as of {e(as_of)})"
    return (
        f"<div class='treatylife'><p><strong>{e(title)}</strong>{when}</p>"
        + body_html(status, outlook, findings, events, heading=4)
        + "</div>"
    )


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
