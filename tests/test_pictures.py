"""
Pictures people can read: the lifecycle legible at page width, the chain
of a life, the timeline of a history, and the report page and the docs'
diagrams page as a real browser (headless Chromium) renders them.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import treatylife
from treatylife import diagram
from treatylife._io import load_one
from treatylife.cli import main

from .conftest import EXAMPLES, ROOT, require

EXAMPLE = EXAMPLES / "russia-ecpt.json"
SVG = "{http://www.w3.org/2000/svg}"


def _graphviz() -> None:
    require(
        "Graphviz (apt-get install graphviz)", shutil.which("dot") is not None
    )


def _floats(text: str) -> list[float]:
    return [float(x) for x in re.split(r"[ ,]+", text.strip())]


def test_default_lifecycle_is_legible_at_page_width() -> None:
    """
    The default Russia/ECPT SVG, scaled to 1,200 px wide, has every label
    at least 9 px high: computed from the outer viewBox, each part's own
    viewBox and scale, and each text's font size.
    """
    _graphviz()
    svg = diagram(treaty="ecpt", jurisdiction="russia", format="svg")
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    width = _floats(root.attrib["viewBox"])[2]
    page = 1200 / width
    sizes = []

    def walk(node: ET.Element, scale: float) -> None:
        for child in node:
            factor = scale
            if child.tag == f"{SVG}svg":
                # A part: its width in the parent's units over its own.
                factor *= (
                    float(child.attrib["width"])
                    / _floats(child.attrib["viewBox"])[2]
                )
            transform = child.attrib.get("transform", "")
            found = re.search(r"scale\(([0-9.]+)", transform)
            if found:
                factor *= float(found.group(1))
            if child.tag == f"{SVG}text" and (child.text or "").strip():
                size = child.attrib.get("font-size") or node.attrib.get(
                    "font-size"
                )
                assert size is not None, child.text
                sizes.append((float(size) * factor * page, child.text))
            walk(child, factor)

    walk(root, 1.0)
    assert len(sizes) > 100
    smallest = min(sizes)
    assert smallest[0] >= 9, smallest
    # One font for the title, the regions, the states and the edges.
    fonts = {
        e.attrib.get("font-family")
        for e in root.iter()
        if e.tag == f"{SVG}text"
    }
    assert fonts == {"Helvetica,Arial,sans-serif"}


def test_detail_adds_the_guards_and_compact_keeps_every_move() -> None:
    compact = diagram(treaty="ecpt", jurisdiction="russia", format="dot")
    detail = diagram(
        treaty="ecpt", jurisdiction="russia", format="dot", detail=True
    )
    assert "(if " not in compact
    assert "(if " in detail
    moves = set(re.findall(r"(\w+__\w+) -> (\w+__\w+)", detail))
    kept = set(re.findall(r"(\w+__\w+) -> (\w+__\w+)", compact))
    # Only the loops (acts that leave the state as it is) are left out.
    assert {m for m in moves if m[0] != m[1]} <= kept
    assert all(a != b for a, b in kept - {m for m in moves if m[0] != m[1]})


def test_chain_of_the_russian_ecpt_life() -> None:
    """
    The chain reads the card's summary of the life, in order: signed,
    ratified, suspended, expelled, denunciation proposed, submitted to the
    Duma, ..., law signed; and where each track stands.
    """
    text = diagram(history=load_one(EXAMPLE), view="chain", as_of="2026-11-28")
    order = [
        "signed",
        "ratified",
        "membership_suspended",
        "expelled",
        "denunciation_proposed",
        "submitted_to_duma",
        "law_signed",
    ]
    positions = [text.index(f"<br/>{event}<br/>") for event in order]
    assert positions == sorted(positions)
    assert (
        "participation in_force, membership expelled, domestic law_signed"
        in text
    )
    assert 2 == main(["diagram", "--view", "chain"])


def test_timeline_of_the_russian_ecpt_history(tmp_path: Path) -> None:
    """
    `treatylife timeline examples/russia-ecpt.json -o t.svg` draws the
    three lanes, the 2022 suspension and expulsion, the 2025 domestic
    steps, and the pending effective date as an open window.
    """
    out = tmp_path / "t.svg"
    assert 0 == main(
        ["timeline", str(EXAMPLE), "-o", str(out), "--as-of", "2026-11-28"]
    )
    root = ET.fromstring(out.read_text("utf-8"))  # noqa: S314 - our own output
    lanes = [
        g.attrib["aria-label"]
        for g in root.iter(f"{SVG}g")
        if g.attrib.get("class") == "lane"
    ]
    assert lanes == ["Participation", "Membership", "Domestic procedure"]
    tips = {
        (g.attrib.get("class"), g.findtext(f"{SVG}title"))
        for g in root.iter(f"{SVG}g")
        if g.find(f"{SVG}title") is not None
    }
    assert ("recorded", "membership_suspended: 2022-02-25") in tips
    assert ("recorded", "expelled: 2022-03-16") in tips
    for step, day in [
        ("denunciation_proposed", "2025-08-23"),
        ("submitted_to_duma", "2025-09-08"),
        ("duma_adopted", "2025-09-17"),
        ("federation_council_approved", "2025-09-24"),
        ("law_signed", "2025-09-29"),
    ]:
        assert ("recorded", f"{step}: {day}") in tips
    windows = [tip for kind, tip in tips if kind == "window"]
    assert windows == [
        "denunciation could take effect (notification not recorded): 2026-10-01 to open"
    ]
    assert root.find(f".//{SVG}line[@class='as-of']") is not None
    # The same picture from the API.
    report = treatylife.validate(load_one(EXAMPLE), as_of="2026-11-28")
    assert report.timeline_svg() == out.read_text("utf-8")


def test_timeline_marks_derived_events_partial_dates_and_findings() -> None:
    history = treatylife.History(
        "X",
        "ottawa",
        [
            treatylife.Event("signed", "1997-12"),
            treatylife.Event("ratified", "1999-03-01"),
            treatylife.Event("denunciation_effective", "2000-01-01"),
        ],
    )
    svg = treatylife.validate(history, as_of="2001-01-01").timeline_svg()
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    kinds = {g.attrib.get("class") for g in root.iter(f"{SVG}g")}
    assert {"recorded", "derived", "finding"} <= kinds
    # The partial date is a span over its month.
    signed = next(
        g
        for g in root.iter(f"{SVG}g")
        if (g.findtext(f"{SVG}title") or "").startswith("signed:")
    )
    assert signed.findtext(f"{SVG}title") == "signed: 1997-12-01 to 1997-12-31"
    assert signed.find(f"{SVG}rect") is not None


# -- in a real browser ------------------------------------------------------

_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--allow-file-access-from-files",
    # Any name looked up fails: a page that fetched from the network would
    # show it in the resources it loaded.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--virtual-time-budget=10000",
]

# Loads the page in a frame, then writes what the browser rendered: the
# size of every picture, every resource it loaded, and its text.
_PROBE = """<!DOCTYPE html><html><body>
<iframe id="page" src="%s" style="width:1280px;height:900px"></iframe>
<pre id="out"></pre>
<script>
document.getElementById('page').addEventListener('load', function () {
  setTimeout(function () {
    var w = document.getElementById('page').contentWindow;
    var d = w.document;
    var pictures = Array.from(d.querySelectorAll('img, svg')).map(function (e) {
      var r = e.getBoundingClientRect();
      return {tag: e.tagName, width: r.width, height: r.height,
              natural: e.naturalWidth || 0, alt: e.getAttribute('alt') || ''};
    });
    var loaded = w.performance.getEntriesByType('resource').map(function (r) { return r.name; });
    var linked = Array.from(d.querySelectorAll('[src], link[href]')).map(function (e) {
      return e.getAttribute('src') || e.getAttribute('href');
    });
    document.getElementById('out').textContent = JSON.stringify(
      {pictures: pictures, loaded: loaded, linked: linked, text: d.body.innerText});
  }, 500);
});
</script></body></html>"""


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    require("Chromium (apt-get install chromium)", found is not None)
    assert found is not None
    return found


def _render(page: Path, tmp_path: Path) -> dict[str, Any]:
    probe = tmp_path / "probe.html"
    probe.write_text(_PROBE % page.resolve().as_uri(), "utf-8")
    done = subprocess.run(
        [
            _chromium(),
            *_FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            probe.as_uri(),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )
    found = re.search(r'<pre id="out">(.*?)</pre>', done.stdout, re.DOTALL)
    assert found is not None, done.stderr[-2000:]
    assert found.group(1), done.stderr[-2000:]
    text = (
        found.group(1)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&amp;", "&")
    )
    result: dict[str, Any] = json.loads(text)
    return result


def _offline(result: dict[str, Any]) -> None:
    loaded = [str(u) for u in result["loaded"]]
    linked = [str(u) for u in result["linked"]]
    assert [u for u in loaded if not u.startswith(("file:", "data:"))] == []
    assert [u for u in linked if u.startswith(("http:", "https:", "//"))] == []


def test_report_page_in_a_browser(tmp_path: Path) -> None:
    """
    `treatylife report` writes one page that renders offline in Chromium:
    every picture has a size, nothing is fetched from the network, and the
    status, each finding's code and the dates are in the rendered page.
    """
    _chromium()
    broken = json.loads(EXAMPLE.read_text("utf-8"))
    broken["events"] = [
        e for e in broken["events"] if e["event"] != "upper_house_approved"
    ]
    second = tmp_path / "broken.json"
    second.write_text(json.dumps(broken), "utf-8")
    page = tmp_path / "report.html"
    code = main(
        [
            "report",
            str(EXAMPLE),
            str(second),
            "-o",
            str(page),
            "--as-of",
            "2026-11-28",
        ]
    )
    assert code == 1
    result = _render(page, tmp_path)
    _offline(result)
    pictures = result["pictures"]
    assert isinstance(pictures, list)
    assert len(pictures) >= 2
    for picture in pictures:
        assert picture["width"] > 0, picture
        assert picture["height"] > 0, picture
        assert picture["natural"] > 0, picture
        assert picture["alt"], picture
    text = str(result["text"])
    for needle in [
        "in_force",
        "expelled",
        "law_signed",
        "missing-step",
        "2026-11-28",
        "2025-09-29",
        "1998-09-01",
    ]:
        assert needle in text, needle


def test_docs_diagrams_page_in_a_browser(tmp_path: Path) -> None:
    """
    The docs' diagrams page, built by Sphinx, shows the lifecycle, the
    chain and the timeline rendered, large, each linked to its full size,
    with nothing fetched from the network.
    """
    _chromium()
    _graphviz()
    built = tmp_path / "html"
    done = subprocess.run(
        ["sphinx-build", "-q", "-b", "html", str(ROOT / "docs"), str(built)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    page = built / "diagrams.html"
    result = _render(page, tmp_path)
    _offline(result)
    images = [
        p
        for p in result["pictures"]
        if p["tag"] == "IMG" and "diagrams" not in p["alt"].lower()
    ]
    drawn = [
        p for p in result["pictures"] if p["tag"] == "IMG" and p["natural"] > 0
    ]
    assert len(drawn) >= 3, images
    assert max(p["width"] for p in drawn) >= 600
    html = page.read_text("utf-8")
    for name in (
        "russia-ecpt-timeline.svg",
        "russia-ecpt-chain.svg",
        "russia-ecpt-history.svg",
    ):
        assert f'href="_images/{name}"' in html, name
    assert (
        "Participation" in str(result["text"])
        or "timeline" in str(result["text"]).lower()
    )


def test_timeline_window_left_open_by_a_condition() -> None:
    """
    A withdrawal the clause may defer (CCM art 20(2): not before the end
    of an armed conflict) is an open window from its earliest day.
    """
    history = treatylife.History(
        "X",
        "ccm",
        [
            treatylife.Event("signed", "2008-12-03"),
            treatylife.Event("ratified", "2009-06-01"),
            treatylife.Event("entered_into_force", "2010-08-01"),
            treatylife.Event("denunciation_notified", "2024-03-01"),
        ],
    )
    svg = treatylife.validate(history, as_of="2024-06-01").timeline_svg()
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    windows = [
        g.findtext(f"{SVG}title")
        for g in root.iter(f"{SVG}g")
        if g.attrib.get("class") == "window"
    ]
    assert len(windows) == 1
    assert windows[0] is not None
    assert "later if the end of armed conflict holds" in windows[0]
    assert windows[0].endswith("to open")
