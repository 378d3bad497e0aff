"""HTML through Jinja2 templates (presentation/templates): the documents of the static public export
and the ward reports, their building blocks, and every stylesheet, the dashboard's included.

Autoescape is on for .html templates: names and notes come from data files, so any value not
wrapped in `markup` (HTML this code has already built) is escaped. A new document extends
`document.html` and fills its `main` block; `render` returns it as text.
"""

from __future__ import annotations

from functools import cache
from html import escape  # noqa: F401  (callers building small fragments by hand)
from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import Markup

from .theme import COLOURS, JUDGEMENT_TAGS

TEMPLATES = Path(__file__).resolve().parent / "templates"

# auto_reload off: the templates ship with the code, and checking each one's file on every render
# cost a warm overview run a stat per tile section (issue 18).
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=jinja2.select_autoescape(["html"]),
    auto_reload=False,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)
_ENV.globals["colour"] = COLOURS
_ENV.globals["tags"] = JUDGEMENT_TAGS  # the overview's judgement tags (templates/tiles.html, tiles.css)
# Each tag's colours are one rule in tiles.css, named by its role, not repeated on every tag (issue 18).
_ENV.filters["tag_class"] = lambda role: "os-tag-" + "-".join(role.split())


def render(template: str, **context) -> str:
    """A template from presentation/templates, filled in (values escaped unless `markup`)."""
    return _ENV.get_template(template).render(**context)


def markup(html: str) -> Markup:
    """HTML this code built (its text already escaped), to be placed in a template as it is."""
    return Markup(html)


@cache
def stylesheet(name: str) -> str:
    """One of the CSS templates, with the theme's colours."""
    return render(name)


def page(title: str, body: str, css: str = "", head: str = "", lang: str = "en") -> str:
    """A whole accessible HTML document around `body` (HTML), with the shared stylesheet plus `css`."""
    return render(
        "document.html",
        title=title,
        body=markup(body),
        head=markup(head),
        lang=lang,
        styles=markup(stylesheet("document.css") + css),
    )


def asset_text(name: str) -> str:
    """A script or other text file kept beside the templates, as it is (no template syntax in it)."""
    return (TEMPLATES / name).read_text(encoding="utf-8")


def template(name: str):
    """A template's macros, to call from Python (each returns escaped HTML)."""
    return _ENV.get_template(name).module


def _parts():
    return template("parts.html")


def table(frame: pd.DataFrame, caption: str, numeric: set[str] = frozenset()) -> str:
    """A data table with a caption and column headers scoped for screen readers."""
    # Whitespace collapsed: a blank line inside a cell would end an HTML block in Markdown.
    rows = [
        [(str(c), "" if pd.isna(v) else " ".join(str(v).split())) for c, v in zip(frame.columns, row)]
        for row in frame.itertuples(index=False)
    ]
    return str(_parts().table(caption, [str(c) for c in frame.columns], rows, {str(c) for c in numeric}))


def p(text: str, cls: str = "") -> str:
    return str(_parts().p(text, cls))


def link(href: str, text: str) -> str:
    return str(_parts().link(href, text))


def figure(label: str, value: str, note: str) -> str:
    """A headline figure: its label, the figure large, and what it means (all text, escaped)."""
    return str(_parts().figure(label, value, note))


def _as_markup(build):
    return lambda *args, **kwargs: Markup(build(*args, **kwargs))


# Templates call the same blocks; what they return is HTML already, not text to escape.
_ENV.globals.update(table=_as_markup(table), p=_as_markup(p), link=_as_markup(link))
