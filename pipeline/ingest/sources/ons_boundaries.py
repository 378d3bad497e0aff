"""ONS boundary GeoJSON (WGS84, one feature per line as ONS/Trafford Data Lab publish it)."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.validation import explain_validity

from pipeline.errors import InputError
from pipeline.registry import STOCKPORT, Source
from pipeline.store.schema import insert_rows
from pipeline.ingest.textfile import read_text
from pipeline.ingest.sources.context import Context

# Generous box around the borough: a feature outside it is not a Stockport area.
STOCKPORT_BOX = (-2.35, 53.30, -1.95, 53.48)
CODE_PREFIX = {"ward": "E05", "lsoa": "E01", "msoa": "E02", "lad": "E08"}
# GeoJSON is WGS84 longitude/latitude; older files may still name it in a `crs` member.
WGS84_NAMES = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
    "CRS84",
    "OGC:CRS84",
}
# Smaller than any Stockport LSOA (the smallest is 0.12 km²): a sliver, not an area.
MIN_AREA_KM2 = 0.01
# How far (degrees, ~150 m) a stated centroid may lie outside its own polygon's bounding box.
CENTROID_SLACK = 0.002
KM_PER_DEGREE = 111.32
_FEATURE = re.compile(r'\{\s*"type"\s*:\s*"Feature"\s*[,}]')


def _plain_ring(ring: list) -> bool:
    """A closed ring of finite lon/lat numbers, checked in one array: the common case, which the position
    by position walk in _ring_problem (kept to name the first bad position) took a tenth of a build over."""
    try:
        a = np.array(ring)
    except (ValueError, OverflowError):  # ragged or nested positions: the walk says which
        return False
    if a.dtype.kind not in "fiub" or a.ndim != 2 or a.shape[1] < 2:
        return False
    lon, lat = a[:, 0].astype(float), a[:, 1].astype(float)
    return bool(
        np.isfinite(lon).all()
        and np.isfinite(lat).all()
        and (np.abs(lon) <= 180).all()
        and (np.abs(lat) <= 90).all()
        and lon[0] == lon[-1]
        and lat[0] == lat[-1]
    )


def _ring_problem(ring) -> str | None:
    if not isinstance(ring, list) or len(ring) < 4:
        return "a polygon ring needs at least 4 positions"
    if _plain_ring(ring):
        return None
    for pos in ring:
        if not (isinstance(pos, list) and len(pos) >= 2 and all(isinstance(v, (int, float)) for v in pos[:2])):
            return f"position {str(pos)[:40]} is not [lon, lat]"
        if not all(math.isfinite(v) for v in pos[:2]):
            return f"position {str(pos)[:40]} is not a finite number (NaN or Infinity)"
        if not (-180 <= pos[0] <= 180 and -90 <= pos[1] <= 90):
            return (
                f"position {str(pos)[:40]} is out of range for longitude/latitude (projected coordinates? "
                "the file must be WGS84)"
            )
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
        raise InputError(
            path, exc.lineno, f"character {exc.colno}", f"not valid GeoJSON (truncated or malformed): {exc.msg}"
        ) from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise InputError(path, 1, "type", "expected a GeoJSON FeatureCollection")
    features = doc.get("features")
    if not isinstance(features, list) or not features:
        raise InputError(path, 1, "features", "FeatureCollection has no features")
    crs = doc.get("crs")
    if crs is not None:
        name = str(((crs or {}).get("properties") or {}).get("name", "")) if isinstance(crs, dict) else ""
        if name not in WGS84_NAMES:
            line = text.count("\n", 0, max(text.find('"crs"'), 0)) + 1
            raise InputError(
                path,
                line,
                "crs",
                f"coordinate reference system '{name[:60]}' is not WGS84 longitude/latitude "
                "(CRS84, EPSG:4326); export the boundaries in WGS84",
            )
    # Each feature's line for error messages (published files hold one feature per line; a
    # file on one line still names the line and, in the message, the feature's number).
    feature_lines, line, at = [], 1, 0
    for m in _FEATURE.finditer(text):  # counted from the last feature on, not from the top each time
        line, at = line + text.count("\n", at, m.start()), m.start()
        feature_lines.append(line)
    prefix = CODE_PREFIX[area_type]
    out, seen, shapes = [], {}, {}
    for n, feature in enumerate(features):
        line = feature_lines[n] if len(feature_lines) == len(features) else 1
        if not isinstance(feature, dict):
            raise InputError(path, line, f"features[{n}]", f"feature {n + 1} is not a GeoJSON Feature")
        props = feature.get("properties") or {}
        code = str(props.get("area_code", ""))
        name = str(props.get("area_name", ""))
        if not re.fullmatch(rf"{prefix}\d{{6}}", code):
            raise InputError(
                path,
                line,
                "properties.area_code",
                f"feature {n + 1}: '{code[:40]}' is not a {area_type} code ({prefix}…)",
            )
        if not name:
            raise InputError(path, line, "properties.area_name", f"feature {n + 1} ({code}): area name is missing")
        if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
            raise InputError(
                path,
                line,
                "properties.area_name",
                f"feature {n + 1} ({code}): area name {name[:40]!r} holds control characters",
            )
        lad = props.get("local_authority_area_code")
        if lad is not None and lad != STOCKPORT:
            raise InputError(
                path,
                line,
                "properties.local_authority_area_code",
                f"feature {n + 1}: {code} is in {lad}, not Stockport ({STOCKPORT})",
            )
        if area_type in ("lsoa", "msoa") and not name.startswith("Stockport "):
            raise InputError(
                path, line, "properties.area_name", f"feature {n + 1}: {code} '{name}' is not a Stockport {area_type}"
            )
        if code in seen:
            raise InputError(
                path,
                line,
                "properties.area_code",
                f"feature {n + 1}: duplicate area {code} (first on row {seen[code]})",
            )
        seen[code] = line
        geometry = feature.get("geometry") or {}
        polygons = _polygons(geometry)
        if not polygons:
            raise InputError(
                path,
                line,
                "geometry.type",
                f"feature {n + 1} ({code}): expected Polygon or MultiPolygon, got {geometry.get('type')}",
            )
        for poly in polygons:
            for ring in poly or [None]:
                problem = _ring_problem(ring)
                if problem:
                    raise InputError(path, line, "geometry.coordinates", f"feature {n + 1} ({code}): {problem}")
        drawn = json.dumps(geometry, separators=(",", ":"))
        try:  # GEOS reads the text at once, where shapely's `shape` builds it ring by ring in Python
            geom = shapely.from_geojson(drawn)
        except shapely.errors.GEOSException:  # what GEOS's reader refuses (a `true` for a number) `shape` reads
            geom = shape(geometry)
        if not geom.is_valid:
            reason = explain_validity(geom)
            # A ring touching itself at one point is in ONS's own generalised files and draws
            # correctly; crossing edges, overlapping parts or stray holes do not.
            if not reason.startswith("Ring Self-intersection"):
                raise InputError(
                    path, line, "geometry.coordinates", f"feature {n + 1} ({code}): invalid polygon: {reason}"
                )
        minx, miny, maxx, maxy = geom.bounds
        bx0, by0, bx1, by1 = STOCKPORT_BOX
        if minx < bx0 or maxx > bx1 or miny < by0 or maxy > by1:
            raise InputError(
                path,
                line,
                "geometry.coordinates",
                f"feature {n + 1}: {code} lies outside Stockport (or is not WGS84 lon/lat)",
            )
        km2 = geom.area * KM_PER_DEGREE**2 * math.cos(math.radians((miny + maxy) / 2))
        if km2 < MIN_AREA_KM2:
            raise InputError(
                path,
                line,
                "geometry.coordinates",
                f"feature {n + 1} ({code}): the polygon covers {km2:.2g} km², too small to be an area",
            )
        same = shapes.setdefault(geom.normalize().wkb, (n + 1, code, line))
        if same[1] != code:
            raise InputError(
                path,
                line,
                "geometry.coordinates",
                f"feature {n + 1} ({code}) has the same geometry as feature {same[0]} ({same[1]}, row {same[2]})",
            )
        lon, lat = props.get("lon"), props.get("lat")
        try:
            # In the May 2023 ward file lon/lat are strings; elsewhere numbers or absent.
            lon, lat = float(lon), float(lat)
        except (TypeError, ValueError):
            point = geom.representative_point()
            lon, lat = point.x, point.y
        else:
            if not (
                minx - CENTROID_SLACK <= lon <= maxx + CENTROID_SLACK
                and miny - CENTROID_SLACK <= lat <= maxy + CENTROID_SLACK
            ):
                raise InputError(
                    path,
                    line,
                    "properties.lon" if not minx - CENTROID_SLACK <= lon <= maxx + CENTROID_SLACK else "properties.lat",
                    f"feature {n + 1} ({code}): centroid {lon:g}, {lat:g} lies "
                    f"outside its own polygon ({minx:.5f} to {maxx:.5f}, {miny:.5f} to {maxy:.5f})",
                )
        out.append(
            {
                "code": code,
                "name": name,
                "lon": round(lon, 5),
                "lat": round(lat, 5),
                "geometry": drawn,
            }
        )
    return out


def load(con, path: Path, source: Source, ctx: Context) -> int:
    opts = source.options
    features = parse_features(path, read_text(path), opts["area_type"])
    rows = [
        dict(
            f,
            type=opts["area_type"],
            parent=opts.get("parent"),
            boundary_vintage=opts["boundary_vintage"],
            current=bool(opts.get("current", True)),
            geometry_kind="official",
            source_id=source.id,
        )
        for f in features
    ]
    return insert_rows(con, "stg_areas", rows)
