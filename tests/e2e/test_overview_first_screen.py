"""Issue 17: the overview's first screen (1440×900, no scrolling) answers "how is Stockport doing?":
every headline tile is inside the viewport with a comparison and a status, and the ward choice changes
the tiles."""

from __future__ import annotations

import pytest

from pipeline.registry import load_registry

HEADLINE_THEMES = ("connectivity", "investment", "inclusion")
# Words a comparison line and a status line may begin with (presentation/verdicts.py).
COMPARISON = (
    "Better than",
    "Similar to",
    "Worse than",
    "Higher than",
    "Lower than",
    "Not compared",
    "Ranked",
)  # deprivation: Stockport's rank among England's local authorities (presentation/deprivation.py)
STATUS = ("Target met", "On course", "Off course", "No target set", "Target ", "Date passed")


@pytest.fixture()
def wide(browser, server):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def _tiles(page) -> list[dict]:
    return page.eval_on_selector_all(
        ".os-tile",
        """els => els.map(e => {
        const r = e.getBoundingClientRect();
        return {name: e.getAttribute('aria-label'), top: r.top, bottom: r.bottom,
                lines: [...e.querySelectorAll('.os-line span:last-child')].map(s => s.textContent)};
    })""",
    )


def first_screen_tiles(page, height: int = 900) -> list[dict]:
    """Every headline tile (and the schemes count tile), each inside the first screen with a comparison
    line and a status line; returned for further checks."""
    registry = load_registry()
    expected = 1 + sum(len(registry.overview[t]) for t in HEADLINE_THEMES)  # + the schemes count tile
    tiles = _tiles(page)[:expected]
    assert len(tiles) == expected
    for tile in tiles:
        assert tile["bottom"] <= height, f"{tile['name']} ends at {tile['bottom']:.0f}px, below the first screen"
        assert any(line.startswith(COMPARISON) for line in tile["lines"]), tile
        assert any(part.startswith(STATUS) for line in tile["lines"] for part in line.split(" · ")), tile
    return tiles


def test_the_first_screen_holds_every_headline_tile_with_a_comparison_and_a_status(wide, server):
    from devtools.harness import wait_ready

    wide.goto(server.url + "/")
    wait_ready(wide)
    assert wide.evaluate("window.scrollY") == 0
    tiles = first_screen_tiles(wide)
    assert "Needs attention" in wide.inner_text("body") and "At a glance" in wide.inner_text("body")
    imd = next(t for t in tiles if t["name"].startswith("IMD score"))
    assert imd["lines"][0].startswith("Ranked 158th most deprived of 296 local authorities in England"), imd
    _outcomes_on_first_screen(wide, 900)


def _outcomes_on_first_screen(page, height: int) -> None:
    """Inclusion's published outcomes, with their source and date, in the at-a-glance list above the fold."""
    line = page.locator("dl.os-glance dd", has_text="never go online").first
    assert line.inner_text() == "13% never go online, 28% make limited use (Digital Stockport, c.2018)"
    assert line.bounding_box()["y"] + line.bounding_box()["height"] <= height


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_first_screen_gives_inclusion_outcomes_and_the_imd_tile_its_national_rank(
    browser, server, scheme
):
    from devtools.harness import wait_ready

    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(server.url + "/")
        wait_ready(page)
        _outcomes_on_first_screen(page, 844)
        imd = next(t for t in _tiles(page) if t["name"].startswith("IMD score"))
        assert imd["lines"][:2] == [
            "Ranked 158th most deprived of 296 local authorities in England on average score (decile 6 of 10)",
            "IoD2019: 130th of 317 (decile 5), score 20.8",
        ], imd
    finally:
        context.close()


def test_choosing_a_ward_puts_it_beside_stockport_on_the_tiles(wide, server):
    from devtools.harness import wait_ready

    wide.goto(server.url + "/")
    wait_ready(wide)
    before = {t["name"] for t in _tiles(wide)}
    assert not any("Brinnington" in n for n in before)
    wide.goto(server.url + "/?ward=E05015018")
    wait_ready(wide)
    after = [t["name"] for t in _tiles(wide)]
    imd = next(n for n in after if n.startswith("IMD score"))
    # two IoD editions on one tile, each named: the ward's IoD2019 score beside the borough's IoD2019 score
    assert (
        "Brinnington & Stockport Central: 65.3 (IoD2019)" in imd
        and "Worse than Stockport's IoD2019 score (20.8)" in imd
    )
    assert imd.startswith("IMD score: 18.4 average score, IoD2025")
    assert "Brinnington & Stockport Central shown beside Stockport" in wide.inner_text("body")
