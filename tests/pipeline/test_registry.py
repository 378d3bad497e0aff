import pytest

from pipeline.registry import REGISTRY_PATH, RegistryError, load_registry, parse_registry


def test_registry_loads_every_theme_and_links_sources():
    reg = load_registry()
    assert {i.theme for i in reg.indicators.values()} == {"connectivity", "investment", "inclusion", "context"}
    for indicator in reg.indicators.values():
        assert indicator.source in reg.sources
        assert reg.sources[indicator.source].licence.attribution
    assert reg.sources["mysociety_imd"].licence.code == "CC-BY-MYS"  # kept apart from OGL
    assert len([c for c in reg.comparators.values() if c.type == "lad" and c.parent == "E47000001"]) == 10  # GM's ten


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('theme = "connectivity"', 'theme = "transport"', "theme must be one of"),
        ('polarity = "higher"', 'polarity = "up"', "polarity must be one of"),
        ('source = "ofcom_els_comparators"', 'source = "nowhere"', "unknown source nowhere"),
        ('audience = "public"', 'audience = "everyone"', "audience must be public or internal"),
    ],
)
def test_registry_rejects_bad_entries(old, new, message):
    text = REGISTRY_PATH.read_text(encoding="utf-8").replace(old, new, 1)
    with pytest.raises(RegistryError, match=message):
        parse_registry(text)


def test_registry_rejects_duplicate_indicator():
    text = REGISTRY_PATH.read_text(encoding="utf-8")
    block = text[text.index('[[indicator]]\nid = "gigabit_broadband"') :]
    block = block[: block.index("[[indicator]]", 5)]
    with pytest.raises(RegistryError, match="gigabit_broadband: defined twice"):
        parse_registry(text + "\n" + block)


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("range = [0, 100]\n", "", "range must be"),
        ("range = [0, 100]\n", "range = [100, 0]\n", "range must be"),
        ("range = [0, 100]\n", "range = [0]\n", "range must be"),
        ("range = [0, 100]\n", 'range = ["0", "100"]\n', "range must be"),
        ('released = "2026-05-13"', 'released = "May 2026"', "released must be a date"),
        (
            'covers = { ward23 = "properties.area_code" }',
            'covers = { ward2023 = "properties.area_code" }',
            "covers maps area sets",
        ),
    ],
)
def test_registry_rejects_a_missing_or_malformed_range_release_date_or_area_set(old, new, message):
    text = REGISTRY_PATH.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(RegistryError, match=message):
        parse_registry(text.replace(old, new, 1))


def test_every_indicator_declares_a_plausible_range_its_published_figures_fit(official_db):
    import duckdb
    from pipeline.store import releases

    reg = load_registry()
    with duckdb.connect(str(releases.resolve(official_db)), read_only=True) as con:
        extremes = con.execute("select indicator_id, min(value), max(value) from observations group by 1").fetchall()
    assert extremes
    for indicator, low, high in extremes:
        assert reg.indicators[indicator].range[0] <= low <= high <= reg.indicators[indicator].range[1], indicator
