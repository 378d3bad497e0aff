"""The bundled default (data/default/): the Stockport extracts of the official files themselves.

The same files, byte for byte, that `fetch` writes to data/raw, with SOURCES.md (how each was
cut from its publisher's file) and manifest.json: per file its source, checksum, size, where and
when it was retrieved, and the registry's vintage, licence and attribution line, so the bundle
says what it is without the code beside it. `pin-default` replaces the bundle from a fetched
folder in one step, after the same validation as `check`.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

from pipeline import paths
from pipeline.errors import BuildError
from pipeline.registry import Registry, Source

PROVENANCE = "SOURCES.md"
MODE_LABELS = {"bundled": "bundled official extracts", "fetched": "fetched files"}


def describe_files(info: dict) -> str:
    """Which files a build read, for captions: 'bundled official extracts (retrieved 2026-11-26)'."""
    label = MODE_LABELS.get(info.get("mode", ""), "official files")
    if info.get("mode") == "fetched" and info.get("raw_dir"):
        label += f" in {Path(info['raw_dir']).name}/"
    return f"{label} (retrieved {info['retrieved_at']})" if info.get("retrieved_at") else label


def official_sources(registry: Registry) -> list[Source]:
    """The sources read from official files (not the project's own registers in data/)."""
    return [s for s in registry.sources.values() if not s.bundled]


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / paths.MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def sha256_of(path: Path) -> str:
    """The file's SHA-256, as fetch's manifest records it."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def manifest_entry(path: Path, source: Source, fetched: dict | None) -> dict:
    """fetch's manifest entry for the file (or one made from the file itself) plus the registry's
    vintage, licence and attribution for that source."""
    fetched = fetched or {}
    sha = sha256_of(path)
    if fetched.get("sha256") and fetched["sha256"] != sha:
        raise BuildError(
            f"{path}: the file has changed since it was fetched (checksum differs from its manifest); "
            "fetch again before pinning"
        )
    retrieved = fetched.get("retrieved_at") or datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).strftime(
        "%Y-%m-%d"
    )
    return {
        "source_id": source.id,
        "url": fetched.get("url") or source.url,
        "etag": fetched.get("etag"),
        "bytes": path.stat().st_size,
        "sha256": sha,
        "retrieved_at": retrieved,
        "vintage": source.vintage,
        "licence": source.licence.name,
        "licence_url": source.licence.url,
        "attribution": source.licence.attribution,
    }
