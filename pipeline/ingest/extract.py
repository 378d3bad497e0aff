"""Cuts the Stockport rows out of a publisher's wider file, keeping every kept line byte for byte.

CSV: the header line(s) and each data line whose cell matches. GeoJSON published one feature per
line: the collection's opening and closing lines and each matching feature line (commas fixed so
the result is valid). Several downloads of one source are concatenated under the first header.
"""

from __future__ import annotations

import csv
import gzip
import json


def _matches(value: str, rule: dict) -> bool:
    if "equals" in rule:
        return value == rule["equals"]
    if "prefix" in rule:
        return value.startswith(rule["prefix"])
    if "in" in rule:
        return value in set(rule["in"])
    raise ValueError(f"unknown filter rule {rule}")


def _lines(body: bytes) -> list[bytes]:
    return body.splitlines(keepends=True)


def keep_csv(bodies: list[bytes], rule: dict) -> bytes:
    out: list[bytes] = []
    for n, body in enumerate(bodies):
        lines = _lines(body)
        header = next(csv.reader([lines[0].decode("utf-8-sig")]))
        index = header.index(rule["column"])
        if n == 0:
            out.append(lines[0])
        for line in lines[1:]:
            cells = next(csv.reader([line.decode("utf-8")]), [])
            if len(cells) > index and _matches(cells[index], rule):
                out.append(line if line.endswith(b"\n") else line + b"\n")
    return b"".join(out)


def keep_geojson(body: bytes, rule: dict) -> bytes:
    lines = _lines(body)
    at = [i for i, line in enumerate(lines) if line.lstrip().startswith(b'{ "type": "Feature"')]
    if not at:
        return body
    kept = []
    for i in at:
        line = lines[i].rstrip(b"\r\n").rstrip(b",")
        if _matches(str(json.loads(line)["properties"].get(rule["property"], "")), rule):
            kept.append(line)
    eol = b"\r\n" if lines[at[0]].endswith(b"\r\n") else b"\n"
    features = [f + (b"," if n < len(kept) - 1 else b"") + eol for n, f in enumerate(kept)]
    return b"".join(lines[: at[0]] + features + lines[at[-1] + 1 :])


def extract(bodies: list[bytes], urls: list[str], rule: dict | None) -> bytes:
    bodies = [gzip.decompress(b) if u.endswith(".gz") else b for b, u in zip(bodies, urls)]
    if not rule:
        return b"".join(bodies)
    if "property" in rule:
        return keep_geojson(bodies[0], rule)
    return keep_csv(bodies, rule)
