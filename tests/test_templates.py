"""HTML from presentation/templates: autoescaped, so a name from a data file is text, never markup."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from presentation import htmldoc as h
from presentation import tiles

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ["<script>alert(1)</script>", 'Bramhall "North" & <b>South</b>', "O'Neill's <img src=x onerror=alert(1)>"]


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize(
    "render",
    [
        lambda name: h.page(name, "<p>body</p>"),
        lambda name: h.table(pd.DataFrame({name: [name]}), name),
        lambda name: h.p(name, "meta"),
        lambda name: h.link("https://example.org/?a=1&b=2", name),
        lambda name: h.render("table_region.html", frame=pd.DataFrame({"Ward": [name]}), caption=name, numeric=set()),
        lambda name: h.render(
            "embed_code.html",
            title=name,
            src=h.markup("/embed?view=map&amp;embed=true"),
            height=520,
            frame_id="one-stockport-map",
        ),
        lambda name: h.render(
            "map_legend.html", classes=[("rgb(1,2,3)", name)], outlined=[name], darker="darker = more", compact=False
        ),
        lambda name: h.render("pdf_footer.html", title=name),
        lambda name: tiles.grid_html(
            [tiles.Tile(name, name, name, (("better", "✓", name),), "/x?a=1", "", (("worse", "!", name),), name)], name
        ),
        lambda name: (
            tiles.attention_html([(name, name, name, "/x")])
            + tiles.glance_html([(name, name)])
            + tiles.section_html(name, "/x", name)
        ),
        lambda name: tiles.summary_html([(name, name)], name),
        lambda name: h.render(
            "indicator_list.html",
            label=name,
            indicators=[
                dict.fromkeys(
                    [
                        "title",
                        "unit",
                        "methodology",
                        "source_title",
                        "publisher",
                        "vintage",
                        "geography",
                        "licence",
                        "attribution",
                        "higher_is",
                        "shown_to",
                    ],
                    name,
                )
            ],
        ),
    ],
    ids=[
        "page",
        "table",
        "p",
        "link",
        "table_region",
        "embed_code",
        "map_legend",
        "pdf_footer",
        "tiles",
        "overview_lists",
        "overview_summary",
        "indicator_list",
    ],
)
def test_a_name_from_a_data_file_is_escaped_in_every_template(render, name):
    html = render(name)
    assert "<script" not in html and "<img" not in html and "<b>South" not in html
    assert "&lt;" in html  # it is shown, as text


def test_html_this_code_built_is_placed_as_it_is_and_the_page_carries_the_shared_stylesheet():
    html = h.page("Title", "<h1>Heading</h1>", css="main { color: red; }", head='<script src="x.js"></script>\n')
    assert "<main>\n<h1>Heading</h1>\n</main>" in html and '<script src="x.js"></script>' in html
    assert h.stylesheet("document.css") + "main { color: red; }" in html
    assert "{{" not in h.stylesheet("document.css") + h.stylesheet("print.css") + h.stylesheet("app.css")


def test_every_template_is_used_by_the_code_or_another_template():
    folder = ROOT / "presentation" / "templates"
    code = "\n".join(
        p.read_text(encoding="utf-8") for p in [*ROOT.glob("*.py"), *ROOT.glob("[!t]*/**/*.py"), *folder.iterdir()]
    )
    unused = [p.name for p in folder.iterdir() if not re.search(rf"""["']{re.escape(p.name)}["']""", code)]
    assert unused == []
