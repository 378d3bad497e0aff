"""Small accessible HTML building blocks shared by the static public export and the ward reports.
Every piece of text passes through `escape`: names and notes come from data files."""
from __future__ import annotations

from html import escape

import pandas as pd

BASE_CSS = """
:root { color-scheme: light; }
body { font-family: "Source Sans Pro", "Segoe UI", Arial, sans-serif; color: #1F2937; background: #fff;
       line-height: 1.45; margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.9rem; margin: 0 0 .5rem; } h2 { font-size: 1.35rem; margin: 1.6rem 0 .5rem; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; }
a { color: #0B5394; } a:focus { outline: 3px solid #E69F00; outline-offset: 2px; }
.meta { color: #374151; font-size: .95rem; }
.flag { border-left: 4px solid #B45309; background: #FFF7ED; padding: .5rem .75rem; }
.sample { border-left: 4px solid #7C3AED; background: #F5F3FF; padding: .5rem .75rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border-bottom: 1px solid #D1D5DB; padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
footer { margin-top: 2rem; border-top: 1px solid #D1D5DB; padding-top: .75rem; font-size: .9rem; color: #374151; }
"""


def page(title: str, body: str, css: str = "", head: str = "", lang: str = "en") -> str:
    return (f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{BASE_CSS}{css}</style>\n{head}</head>\n"
            f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")


def table(frame: pd.DataFrame, caption: str, numeric: set[str] = frozenset()) -> str:
    """A data table with a caption and column headers scoped for screen readers."""
    head = "".join(f'<th scope="col"{" class=num" if c in numeric else ""}>{escape(str(c))}</th>' for c in frame.columns)
    rows = []
    for row in frame.itertuples(index=False):
        # Whitespace collapsed: a blank line inside a cell would end an HTML block in Markdown.
        cells = "".join(f'<td{" class=num" if c in numeric else ""}>{escape("" if pd.isna(v) else " ".join(str(v).split()))}</td>'
                        for c, v in zip(frame.columns, row))
        rows.append(f"<tr>{cells}</tr>")
    return (f"<table>\n<caption>{escape(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n"
            f"<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")


def p(text: str, cls: str = "") -> str:
    return f'<p{f" class={cls}" if cls else ""}>{escape(text)}</p>'


def link(href: str, text: str) -> str:
    return f'<a href="{escape(href, quote=True)}">{escape(text)}</a>'
