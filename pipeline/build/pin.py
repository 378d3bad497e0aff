"""Makes checked official files the bundled default (`python -m cli pin-default --raw DIR`): the files are
checked as a build would read them, then swapped in for data/default with their manifest."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from pipeline import paths
from pipeline.build.database import check
from pipeline.errors import BuildError
from pipeline.ingest.bundle import PROVENANCE, manifest_entry, official_sources, read_manifest
from pipeline.registry import Registry, load_registry


def pin_default(
    raw_dir: Path,
    data_dir: Path = paths.DATA_DIR,
    registry: Registry | None = None,
    progress: Callable[[str], None] = print,
) -> dict:
    """Check the official files in raw_dir as `check` does, then make them the bundled default.

    The new bundle is written beside the old one and swapped in with two renames; if anything
    fails before the swap, data/default is left exactly as it was.
    """
    registry = registry or load_registry()
    raw_dir, data_dir = Path(raw_dir), Path(data_dir)
    target = paths.default_dir(data_dir)
    if raw_dir.resolve() == target.resolve():
        raise BuildError(f"{raw_dir} is already the bundled default; pin a fetched folder such as data/raw")
    summary = check(raw_dir, data_dir=data_dir, registry=registry, progress=progress)
    fetched = read_manifest(raw_dir)
    staging = Path(tempfile.mkdtemp(prefix=".default-new-", dir=data_dir))
    old = data_dir / f".default-old-{os.getpid()}"
    try:
        manifest = {}
        for source in official_sources(registry):
            shutil.copyfile(raw_dir / source.file, staging / source.file)
            manifest[source.file] = manifest_entry(staging / source.file, source, fetched.get(source.file))
        provenance = raw_dir / PROVENANCE if (raw_dir / PROVENANCE).exists() else target / PROVENANCE
        if not provenance.exists():
            raise BuildError(f"no {PROVENANCE} in {raw_dir} or {target}: the bundle must say how each file was cut")
        shutil.copyfile(provenance, staging / PROVENANCE)
        (staging / paths.MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        staging.chmod(0o755)
        if target.exists():
            os.replace(target, old)
        try:
            os.replace(staging, target)
        except OSError:
            if old.exists():
                os.replace(old, target)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    progress(f"Pinned {len(manifest)} official files ({summary['rows']:,} rows checked) into {target}")
    return manifest
