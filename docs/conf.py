"""
Sphinx configuration for the treatylife docs (MyST Markdown, furo).

Build: ``uv run sphinx-build -n -W -b html docs docs/_build/html``.
"""

from importlib.metadata import version as _version

project = "treatylife"
author = "treatylife contributors"
copyright = "2026, treatylife contributors"  # noqa: A001 - Sphinx's name
release = _version("treatylife")

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "treatylife"
# Wide tables (the rule reference) wrap their text to the page's width.
html_static_path = ["_static"]
html_css_files = ["treatylife.css"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# The docs are built offline, so there is no intersphinx inventory for the
# standard library or the dependencies; their names are left unlinked.
nitpicky = True
nitpick_ignore_regex = [
    (
        "py:class",
        r"(dt|datetime|collections|typing|pathlib|enum|attrs|cattrs|hypothesis|transitions)\..*",
    ),
    (
        "py:class",
        r"(Any|Mapping|Iterable|Iterator|Sequence|Callable|Path|StrEnum|Literal|ClassVar|DrawFn|SearchStrategy|Ex)",
    ),
    ("py:class", r"treatylife\.(_|spec\.|law\.).*"),
    (
        "py:class",
        r"(Event|History|Finding|Report|Status|Verdict|PartialDate|Citation|Severity|Participation|Membership|Domestic|Track|TreatyProfile|JurisdictionProfile|OrganisationProfile|Graph|Format|Replay|Window|Span|TimelineEntry)",
    ),
    (
        "py:class",
        r"(str|int|bool|dict|list|tuple|frozenset|type|object|bytes|None)\b.*",
    ),
    ("py:exc", r".*"),
    ("py:obj", r".*"),
]
