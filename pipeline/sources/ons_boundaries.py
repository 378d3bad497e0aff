"""ONS boundary GeoJSON (WGS84, one feature per line as ONS/Trafford Data Lab publish it)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from shapely.geometry import shape

from ..errors import InputError
from ..registry import Source
from ..schema import insert_rows
from ..textfile import read_text
from . import Context

# Generous box around the borough: a feature outside it is not a Stockport area.
STOCKPORT_BOX = (-2.35, 53.30, -1.95, 53.48)
CODE_PREFIX = {"ward": "E05", "lsoa": "E01", "msoa": "E02", "lad": "E08"}


def _ring_problem(ring) -> str | None:
    if not isinstance(ring, list) or len(ring) < 4:
        return "a polygon ring needs at least 4 positions"
    for pos in ring:
        if not (isinstance(pos, list) and len(pos) >= 2 and all(isinstance(v, (int, float)) for v in pos[:2])):
            return f"position {str(pos)[:40]} is not [lon, lat]"
    if ring[0][:2] != ring[-1][:2]:
        return "polygon ring is not closed (first and last positions differ)"
    return None


def _polygons(geometry: dict) -> list:
    if geometry.get("type") == "Polygon":
        return [geometry.get("coordinates")]
    if geometry.get("type") == "MultiPolygon":
        return geometry.get("coordinates") or []
    return []


def parse_features(path: Path, text: str, area_type: str) -> list[dict]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, exc.lineno, f"character {exc.colno}",
                         f"not valid GeoJSON (truncated or malformed): {exc.msg}") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise InputError(path, 1, "type", "expected a GeoJSON FeatureCollection")
    features = doc.get("features")
    if not isinstance(features, list) or not features:
        raise InputError(path, 1, "features", "FeatureCollection has no features")
    lines = text.splitlines()
    # Published files hold one feature per line; find each feature's line for error messages.
    feature_lines = [i + 1 for i, l in enumerate(lines) if l.lstrip().startswith('{ "type": "Feature"')]
    prefix = CODE_PREFIX[area_type]
    out, seen = [], {}
    for n, feature in enumerate(features):
        line = feature_lines[n] if n < len(feature_lines) else None
        props = feature.get("properties") or {}
        code = str(props.get("area_code", ""))
        name = str(props.get("area_name", ""))
        if not re.fullmatch(rf"{prefix}\d{{6}}", code):
            raise InputError(path, line, "properties.area_code", f"'{code[:40]}' is not a {area_type} code ({prefix}…)")
        if not name:
            raise InputError(path, line, "properties.area_name", "area name is missing")
        lad = props.get("local_authority_area_code")
        if lad is not None and lad != "E08000007":
            raise InputError(path, line, "properties.local_authority_area_code", f"{code} is in {lad}, not Stockport (E08000007)")
        if area_type in ("lsoa", "msoa") and not name.startswith("Stockport "):
            raise InputError(path, line, "properties.area_name", f"{code} '{name}' is not a Stockport {area_type}")
        if code in seen:
            raise InputError(path, line, "properties.area_code", f"duplicate area {code} (first on row {seen[code]})")
        seen[code] = line
        geometry = feature.get("geometry") or {}
        polygons = _polygons(geometry)
        if not polygons:
            raise InputError(path, line, "geometry.type", f"{code}: expected Polygon or MultiPolygon, got {geometry.get('type')}")
        for poly in polygons:
            for ring in poly or [None]:
                problem = _ring_problem(ring)
                if problem:
                    raise InputError(path, line, "geometry.coordinates", f"{code}: {problem}")
        geom = shape(geometry)
        minx, miny, maxx, maxy = geom.bounds
        bx0, by0, bx1, by1 = STOCKPORT_BOX
        if minx < bx0 or maxx > bx1 or miny < by0 or maxy > by1:
            raise InputError(path, line, "geometry.coordinates", f"{code} lies outside Stockport (or is not WGS84 lon/lat)")
        lon, lat = props.get("lon"), props.get("lat")
        try:
            # In the May 2023 ward file lon/lat are strings; elsewhere numbers or absent.
            lon, lat = float(lon), float(lat)
        except (TypeError, ValueError):
            point = geom.representative_point()
            lon, lat = point.x, point.y
        out.append({"code": code, "name": name, "lon": round(lon, 5), "lat": round(lat, 5),
                    "geometry": json.dumps(geometry, separators=(",", ":"))})
    return out


def load(con, path: Path, source: Source, ctx: Context) -> int:
    opts = source.options
    features = parse_features(path, read_text(path), opts["area_type"])
    rows = [dict(f, type=opts["area_type"], parent=opts.get("parent"), boundary_vintage=opts["boundary_vintage"],
                 current=bool(opts.get("current", True)), geometry_kind="official", source_id=source.id)
            for f in features]
    return insert_rows(con, "stg_areas", rows)
