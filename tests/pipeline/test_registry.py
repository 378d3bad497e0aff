import pytest

from pipeline.registry import REGISTRY_PATH, RegistryError, load_registry, parse_registry


def test_registry_loads_every_theme_and_links_sources():
    reg = load_registry()
    assert {i.theme for i in reg.indicators.values()} == {"connectivity", "investment", "inclusion", "context"}
    for indicator in reg.indicators.values():
        assert indicator.source in reg.sources
        assert reg.sources[indicator.source].licence.attribution
    assert reg.sources["mysociety_imd"].licence.code == "CC-BY-MYS"  # kept apart from OGL
    assert len([c for c in reg.comparators.values() if c.type == "lad"]) == 10


@pytest.mark.parametrize("old, new, message", [
    ('theme = "connectivity"', 'theme = "transport"', "theme must be one of"),
    ('polarity = "higher"', 'polarity = "up"', "polarity must be one of"),
    ('source = "ofcom_els_comparators"', 'source = "nowhere"', "unknown source nowhere"),
    ('audience = "public"', 'audience = "everyone"', "audience must be public or internal"),
])
def test_registry_rejects_bad_entries(old, new, message):
    text = REGISTRY_PATH.read_text(encoding="utf-8").replace(old, new, 1)
    with pytest.raises(RegistryError, match=message):
        parse_registry(text)


def test_registry_rejects_duplicate_indicator():
    text = REGISTRY_PATH.read_text(encoding="utf-8")
    block = text[text.index("[[indicator]]\nid = \"gigabit_broadband\""):]
    block = block[:block.index("[[indicator]]", 5)]
    with pytest.raises(RegistryError, match="gigabit_broadband: defined twice"):
        parse_registry(text + "\n" + block)
