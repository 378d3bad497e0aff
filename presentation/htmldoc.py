"""Small accessible HTML building blocks shared by the static public export and the ward reports.
Every piece of text passes through `escape`: names and notes come from data files."""
from __future__ import annotations

from html import escape

import pandas as pd

from .theme import BASE_CSS



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
