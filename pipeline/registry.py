"""Loads and checks registry.toml: the sources, comparator areas and indicators the product knows."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REGISTRY_PATH = Path(__file__).with_name("registry.toml")

THEMES = ("connectivity", "investment", "inclusion", "context")
POLARITIES = ("higher", "lower", "neutral")
AUDIENCES = ("public", "internal")
AREA_TYPES = ("ward", "lsoa", "msoa", "lad", "combined authority", "region", "country")
STOCKPORT = "E08000007"
# Months between a publisher's releases; None: no fixed schedule, or a figure derived from others
# (whose freshness is that of its inputs).
FREQUENCY_MONTHS = {
    "monthly": 1,
    "quarterly": 3,
    "twice a year": 6,
    "annual": 12,
    "every 5 years": 60,
    "every 10 years": 120,
    "irregular": None,
    "as its inputs": None,
}
TARGET_DIRECTIONS = ("at least", "at most")
# Area sets a source can cover (`covers` in registry.toml): what each is called in messages, and
# the code prefix. Every Stockport area of the set must appear in every file that covers it.
COVERAGE = {
    "lsoa11": ("LSOA 2011", "E01"),
    "lsoa21": ("LSOA 2021", "E01"),
    "msoa21": ("MSOA 2021", "E02"),
    "ward22": ("ward (May 2022)", "E05"),
    "ward23": ("ward (May 2023)", "E05"),
    "lad": ("local authority", "E08"),
}


@dataclass(frozen=True)
class Licence:
    code: str
    name: str
    url: str
    attribution: str


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    licence: Licence
    vintage: str
    file: str
    adapter: str
    url: str
    bundled: bool = False
    options: dict = field(default_factory=dict, hash=False, compare=False)
    download: tuple[str, ...] = ()
    keep: dict | None = field(default=None, hash=False, compare=False)
    released: str | None = None  # ISO date the publisher released this file; no period can start later
    covers: dict[str, str] = field(default_factory=dict, hash=False, compare=False)  # area set → its column

    def option(self, name: str):
        """A setting its adapter reads from registry.toml (vintages and periods live there, not in code)."""
        if name not in self.options:
            raise RegistryError(f"source {self.id}: options.{name} is missing from registry.toml")
        return self.options[name]

    edition: str | None = None  # the edition of a repeated index (IoD2019, IoD2025); editions are never compared
    # Days after the month a release is expected before its figures read as late: publishers slip by
    # weeks, and a figure is simply the latest until then.
    grace_days: int | None = None

    @property
    def downloads(self) -> tuple[str, ...]:
        """The publisher file(s) fetch reads: `download`, else `url` when it has a Stockport rule."""
        return self.download or ((self.url,) if self.keep and self.url else ())


@dataclass(frozen=True)
class Comparator:
    code: str
    name: str
    type: str
    parent: str


@dataclass(frozen=True)
class ComparatorGroup:
    """Areas compared with as a group beside the containing ones (registry [[comparator_group]]): the
    councils a publisher lists as most like `of`, in its order, checked against its file (`source`)."""

    id: str
    name: str
    of: str
    source: str
    basis: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    short: str
    theme: str
    unit: str
    polarity: str
    source: str
    vintage: str
    geographies: tuple[str, ...]
    audience: str
    methodology: str
    decimals: int = 1
    also_sources: tuple[str, ...] = ()
    els_name: str | None = None
    history_metric: str | None = None
    disclosure: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    frequency: str = "irregular"
    release_lag_months: int | None = None
    range: tuple[float, float] = (float("-inf"), float("inf"))
    zero_means: str | None = None  # what a zero says in place of a rank ("no schemes": nothing to rank)
    no_borough_figure: str | None = None  # why the borough has no figure ("not applicable (scored within Stockport)")
    published_decimals: int | None = None  # the publisher rounds to this many decimals (None: exact or ours)
    breaks: tuple[str, ...] = ()  # "YYYY-MM": periods from which a new method applies; nothing is compared across one

    @property
    def rounding_step(self) -> float:
        """The publisher's rounding step: a difference this small may be rounding alone."""
        return 0.0 if self.published_decimals is None else 10.0**-self.published_decimals

    @property
    def is_public(self) -> bool:
        return self.audience == "public"

    @property
    def next_release_months(self) -> int | None:
        """Months from the start of a figure's period to the expected release of the next period."""
        months = FREQUENCY_MONTHS[self.frequency]
        return None if months is None else months + (self.release_lag_months or 0)


@dataclass(frozen=True)
class Target:
    id: str
    indicator: str
    area: str
    value: float
    direction: str  # "at least" or "at most"
    by: str  # ISO date
    commitment: str
    publisher: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class RiskInput:
    id: str
    indicator: str
    label: str
    risk_when: str  # "higher" or "lower": which end of the indicator means more risk
    weight: float


@dataclass(frozen=True)
class RiskMethod:
    version: str
    name: str  # shown with every figure of the index, so it is never taken for GMCA's DERI
    indicator: str
    decile_indicator: str
    summary: str
    normalisation: str
    weights_reason: str
    comparison: str
    inputs: tuple[RiskInput, ...]

    @property
    def default_weights(self) -> dict[str, float]:
        return {i.id: i.weight for i in self.inputs}


@dataclass(frozen=True)
class JudgementRules:
    """registry.toml [judgement]: the tolerances and windows every benchmark, trend and flag uses."""

    percentage_points: float = 1.0
    percentage_share: float = 0.10
    other_share: float = 0.05
    trend_releases: int = 5
    trend_minimum: int = 3
    ward_far_tolerances: float = 5.0
    area_totals: tuple[str, ...] = ()
    unjudged_themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Registry:
    licences: dict[str, Licence]
    sources: dict[str, Source]
    comparators: dict[str, Comparator]
    indicators: dict[str, Indicator]
    risk: RiskMethod | None = None
    targets: tuple[Target, ...] = ()
    partner_aliases: dict[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # a name as written -> the partners it means
    judgement: JudgementRules = JudgementRules()
    overview: dict[str, tuple[str, ...]] = field(default_factory=dict)  # theme (or "gaps") -> headline indicators
    comparator_groups: dict[str, ComparatorGroup] = field(default_factory=dict)  # id -> similar councils and the like

    def partners_of(self, funders: str) -> list[str]:
        """The partners a register's funders cell names ('a; b'), each under its one normalised name, once."""
        named = [f.strip() for f in (funders or "").split(";") if f.strip()]
        return list(dict.fromkeys(p for n in named for p in self.partner_aliases.get(n, (n,))))

    def areas_containing(self, code: str) -> list[str]:
        """The area and each comparator area that contains it, up to its country (Stockport, Greater
        Manchester, North West, England): what a figure is compared with."""
        chain = [code]
        while self.comparators[chain[-1]].type != "country":
            chain.append(self.comparators[chain[-1]].parent)
        return chain

    def districts_beside(self, code: str) -> list[str]:
        """The districts sharing the area's parent, itself included (Greater Manchester's ten)."""
        own = self.comparators[code]
        return [c.code for c in self.comparators.values() if c.parent == own.parent and c.type == own.type]

    def indicator_by_els_name(self) -> dict[str, Indicator]:
        return {i.els_name: i for i in self.indicators.values() if i.els_name}

    def indicator_by_history_metric(self) -> dict[str, Indicator]:
        return {i.history_metric: i for i in self.indicators.values() if i.history_metric}


class RegistryError(ValueError):
    pass


def _require(entry: dict, keys: tuple[str, ...], what: str) -> None:
    missing = [k for k in keys if k not in entry]
    if missing:
        raise RegistryError(f"{what} {entry.get('id', entry.get('code', '?'))}: missing {', '.join(missing)}")


def _released(s: dict) -> str | None:
    from datetime import date

    if "released" not in s:
        return None
    try:
        return date.fromisoformat(str(s["released"])).isoformat()
    except ValueError:
        raise RegistryError(f"source {s['id']}: released must be a date (YYYY-MM-DD)") from None


def _covers(s: dict) -> dict[str, str]:
    covers = s.get("covers", {})
    if not isinstance(covers, dict) or any(
        k not in COVERAGE or not isinstance(v, str) or not v for k, v in covers.items()
    ):
        raise RegistryError(
            f"source {s['id']}: covers maps area sets ({', '.join(COVERAGE)}) to the column holding their codes"
        )
    return dict(covers)


def _published_decimals(i: dict, what: str) -> int | None:
    places = i.get("published_decimals")
    if places is not None and (not isinstance(places, int) or isinstance(places, bool) or not 0 <= places <= 6):
        raise RegistryError(f"{what}: published_decimals must be a whole number from 0 to 6")
    return places


def _breaks(i: dict, what: str) -> tuple[str, ...]:
    breaks = i.get("breaks", [])
    if not isinstance(breaks, list) or not all(isinstance(b, str) and len(b) == 7 and b[4] == "-" for b in breaks):
        raise RegistryError(f"{what}: breaks must be a list of periods written YYYY-MM")
    return tuple(sorted(breaks))


def _grace_days(s: dict) -> int | None:
    grace = s.get("grace_days")
    if grace is not None and (not isinstance(grace, int) or isinstance(grace, bool) or not 0 <= grace <= 366):
        raise RegistryError(f"source {s['id']}: grace_days must be a whole number of days from 0 to 366")
    return grace


def parse_registry(text: str) -> Registry:
    """Parse and validate registry text; raises RegistryError naming the entry at fault."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"registry is not valid TOML: {exc}") from exc
    licences = {
        code: Licence(code, v["name"], v.get("url", ""), v["attribution"])
        for code, v in raw.get("licences", {}).items()
    }
    sources: dict[str, Source] = {}
    for s in raw.get("source", []):
        _require(s, ("id", "title", "publisher", "licence", "vintage", "file", "adapter"), "source")
        if s["id"] in sources:
            raise RegistryError(f"source {s['id']}: defined twice")
        if s["licence"] not in licences:
            raise RegistryError(f"source {s['id']}: unknown licence {s['licence']}")
        sources[s["id"]] = Source(
            s["id"],
            s["title"],
            s["publisher"],
            licences[s["licence"]],
            s["vintage"],
            s["file"],
            s["adapter"],
            s.get("url", ""),
            bool(s.get("bundled", False)),
            dict(s.get("options", {})),
            tuple(s.get("download", ())),
            s.get("keep"),
            _released(s),
            _covers(s),
            s.get("edition"),
            _grace_days(s),
        )
    comparators = {}
    for c in raw.get("comparator", []):
        _require(c, ("code", "name", "type", "parent"), "comparator")
        if c["type"] not in AREA_TYPES:
            raise RegistryError(f"comparator {c['code']}: unknown type {c['type']}")
        comparators[c["code"]] = Comparator(c["code"], c["name"], c["type"], c["parent"])
    indicators: dict[str, Indicator] = {}
    for i in raw.get("indicator", []):
        _require(
            i,
            ("id", "title", "theme", "unit", "polarity", "source", "vintage", "geographies", "audience", "methodology"),
            "indicator",
        )
        what = f"indicator {i['id']}"
        if i["id"] in indicators:
            raise RegistryError(f"{what}: defined twice")
        if i["theme"] not in THEMES:
            raise RegistryError(f"{what}: theme must be one of {', '.join(THEMES)}")
        if i["polarity"] not in POLARITIES:
            raise RegistryError(f"{what}: polarity must be one of {', '.join(POLARITIES)}")
        if i["audience"] not in AUDIENCES:
            raise RegistryError(f"{what}: audience must be public or internal")
        for src in [i["source"], *i.get("also_sources", [])]:
            if src not in sources:
                raise RegistryError(f"{what}: unknown source {src}")
        bad_geo = [g for g in i["geographies"] if g not in AREA_TYPES]
        if bad_geo:
            raise RegistryError(f"{what}: unknown geography {bad_geo[0]}")
        if i.get("disclosure") not in (None, "count", "rate"):
            raise RegistryError(f"{what}: disclosure must be count or rate")
        if i.get("disclosure") == "rate" and not i.get("denominator"):
            raise RegistryError(f"{what}: a rate under disclosure control needs its denominator indicator")
        if not i["methodology"].strip():
            raise RegistryError(f"{what}: methodology is empty")
        frequency = i.get("frequency")
        if frequency not in FREQUENCY_MONTHS:
            raise RegistryError(f"{what}: frequency must be one of {', '.join(FREQUENCY_MONTHS)}")
        lag = i.get("release_lag_months")
        if FREQUENCY_MONTHS[frequency] is not None and (not isinstance(lag, int) or lag < 0):
            raise RegistryError(
                f"{what}: release_lag_months (a whole number of 0 or more) is needed with frequency {frequency}"
            )
        if FREQUENCY_MONTHS[frequency] is not None and sources[i["source"]].grace_days is None:
            raise RegistryError(
                f"{what}: its source {i['source']} needs grace_days (how late a release may be "
                "before its figures read as late), since the indicator has a release schedule"
            )
        plausible = i.get("range")
        if not (
            isinstance(plausible, list)
            and len(plausible) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in plausible)
            and plausible[0] < plausible[1]
        ):
            raise RegistryError(f"{what}: range must be [lowest, highest] plausible value, lowest below highest")
        indicators[i["id"]] = Indicator(
            i["id"],
            i["title"],
            i.get("short", i["title"]),
            i["theme"],
            i["unit"],
            i["polarity"],
            i["source"],
            i["vintage"],
            tuple(i["geographies"]),
            i["audience"],
            i["methodology"].strip(),
            int(i.get("decimals", 1)),
            tuple(i.get("also_sources", ())),
            i.get("els_name"),
            i.get("history_metric"),
            i.get("disclosure"),
            i.get("numerator"),
            i.get("denominator"),
            frequency,
            lag,
            (float(plausible[0]), float(plausible[1])),
            i.get("zero_means"),
            i.get("no_borough_figure"),
            _published_decimals(i, what),
            _breaks(i, what),
        )
    risk = _risk_method(raw.get("risk_index"), indicators)
    for i in indicators.values():
        if i.frequency == "as its inputs" and (risk is None or i.id not in (risk.indicator, risk.decile_indicator)):
            raise RegistryError(f"indicator {i.id}: frequency 'as its inputs' is only for figures this project derives")
    return Registry(
        licences,
        sources,
        comparators,
        indicators,
        risk,
        _targets(raw.get("target", []), indicators),
        _partner_aliases(raw.get("partner_alias", [])),
        _judgement(raw.get("judgement", {})),
        _overview(raw.get("overview", {}), indicators),
        _comparator_groups(raw.get("comparator_group", []), comparators, sources),
    )


def _judgement(raw: dict) -> JudgementRules:
    rules = JudgementRules()
    for key, value in raw.items():
        default = getattr(rules, key, None)
        if default is None:
            raise RegistryError(f"judgement: unknown setting {key}")
        if isinstance(default, tuple):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise RegistryError(f"judgement: {key} must be a list of names")
        elif not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            raise RegistryError(f"judgement: {key} must be a positive number")
    rules = JudgementRules(**{k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()})
    if rules.trend_minimum < 2 or rules.trend_minimum > rules.trend_releases:
        raise RegistryError("judgement: trend_minimum must be at least 2 and no more than trend_releases")
    return rules


def _overview(raw: dict, indicators: dict[str, Indicator]) -> dict[str, tuple[str, ...]]:
    for group, ids in raw.items():
        if group not in (*THEMES, "gaps"):
            raise RegistryError(f"overview: {group} is not a theme ({', '.join(THEMES)}) or gaps")
        unknown = [i for i in ids if i not in indicators]
        if unknown:
            raise RegistryError(f"overview.{group}: unknown indicator {unknown[0]}")
    return {group: tuple(ids) for group, ids in raw.items()}


def _comparator_groups(
    raw: list[dict], comparators: dict[str, Comparator], sources: dict[str, Source]
) -> dict[str, ComparatorGroup]:
    groups: dict[str, ComparatorGroup] = {}
    for g in raw:
        _require(g, ("id", "name", "of", "source", "basis", "members"), "comparator_group")
        what = f"comparator_group {g['id']}"
        if g["id"] in groups:
            raise RegistryError(f"{what}: defined twice")
        if g["source"] not in sources:
            raise RegistryError(f"{what}: unknown source {g['source']}")
        members = g["members"]
        if not isinstance(members, list) or not members or len(set(members)) != len(members):
            raise RegistryError(f"{what}: members must be a list of distinct area codes")
        unknown = [c for c in [g["of"], *members] if c not in comparators]
        if unknown:
            raise RegistryError(f"{what}: {unknown[0]} is not a declared [[comparator]] (its name is needed)")
        if g["of"] in members:
            raise RegistryError(f"{what}: {g['of']} cannot be a member of its own group")
        groups[g["id"]] = ComparatorGroup(
            g["id"], g["name"], g["of"], g["source"], " ".join(g["basis"].split()), tuple(members)
        )
    return groups


def _partner_aliases(raw: list[dict]) -> dict[str, tuple[str, ...]]:
    aliases: dict[str, tuple[str, ...]] = {}
    for a in raw:
        _require(a, ("named", "partners"), "partner_alias")
        if a["named"] in aliases:
            raise RegistryError(f"partner_alias {a['named']}: defined twice")
        if not a["partners"] or not all(isinstance(p, str) and p.strip() for p in a["partners"]):
            raise RegistryError(f"partner_alias {a['named']}: partners must be a list of names")
        aliases[a["named"]] = tuple(a["partners"])
    return aliases


def _targets(raw: list[dict], indicators: dict[str, Indicator]) -> tuple[Target, ...]:
    from datetime import date

    targets = []
    for t in raw:
        _require(t, ("id", "indicator", "area", "value", "direction", "by", "commitment", "publisher", "url"), "target")
        what = f"target {t['id']}"
        if t["indicator"] not in indicators:
            raise RegistryError(f"{what}: unknown indicator {t['indicator']}")
        if t["direction"] not in TARGET_DIRECTIONS:
            raise RegistryError(f"{what}: direction must be 'at least' or 'at most'")
        if not isinstance(t["value"], (int, float)):
            raise RegistryError(f"{what}: value must be a number")
        try:
            date.fromisoformat(str(t["by"]))
        except ValueError:
            raise RegistryError(f"{what}: by must be a date (YYYY-MM-DD)") from None
        if any(x.id == t["id"] for x in targets):
            raise RegistryError(f"{what}: defined twice")
        targets.append(
            Target(
                t["id"],
                t["indicator"],
                t["area"],
                float(t["value"]),
                t["direction"],
                str(t["by"]),
                t["commitment"],
                t["publisher"],
                t["url"],
                t.get("note", ""),
            )
        )
    return tuple(targets)


def _risk_method(raw: dict | None, indicators: dict[str, Indicator]) -> RiskMethod | None:
    if raw is None:
        return None
    _require(
        raw,
        (
            "version",
            "name",
            "indicator",
            "decile_indicator",
            "summary",
            "normalisation",
            "weights_reason",
            "comparison",
            "input",
        ),
        "risk_index",
    )
    inputs = []
    for i in raw["input"]:
        _require(i, ("id", "indicator", "label", "risk_when", "weight"), "risk_index input")
        what = f"risk_index input {i['id']}"
        if i["indicator"] not in indicators:
            raise RegistryError(f"{what}: unknown indicator {i['indicator']}")
        if i["risk_when"] not in ("higher", "lower"):
            raise RegistryError(f"{what}: risk_when must be higher or lower")
        if not isinstance(i["weight"], (int, float)) or i["weight"] < 0:
            raise RegistryError(f"{what}: weight must be a number of 0 or more")
        inputs.append(RiskInput(i["id"], i["indicator"], i["label"], i["risk_when"], float(i["weight"])))
    for key in ("indicator", "decile_indicator"):
        if raw[key] not in indicators:
            raise RegistryError(f"risk_index: unknown {key} {raw[key]}")
    if len({i.id for i in inputs}) != len(inputs):
        raise RegistryError("risk_index: input ids must be unique")
    text = {k: " ".join(raw[k].split()) for k in ("summary", "normalisation", "weights_reason", "comparison")}
    return RiskMethod(
        str(raw["version"]), raw["name"], raw["indicator"], raw["decile_indicator"], inputs=tuple(inputs), **text
    )


@lru_cache(maxsize=4)
def load_registry(path: Path = REGISTRY_PATH) -> Registry:
    return parse_registry(Path(path).read_text(encoding="utf-8"))
