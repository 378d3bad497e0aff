"""Downloads the official files into data/raw with a cache, checksums and retrieval dates.

Files come from a mirror of the Stockport extracts (`--base-url`, or ONE_STOCKPORT_MIRROR), one
URL per file name. Everything is downloaded into a temporary folder first; only when every file
has arrived are they moved into place and the manifest written, so a failed or offline fetch
leaves the cache exactly as it was.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

from . import paths
from .errors import BuildError
from .registry import Registry, load_registry

USER_AGENT = "OneStockport-pipeline/1.0 (+open data dashboard)"


class FetchError(BuildError):
    pass


def _manifest(dest: Path) -> dict:
    path = dest / paths.MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def fetch(dest: Path, base_url: str | None = None, timeout: float = 20.0, progress=print,
          registry: Registry | None = None) -> dict:
    registry = registry or load_registry()
    base_url = base_url or os.environ.get("ONE_STOCKPORT_MIRROR")
    if not base_url:
        raise FetchError("no download address: pass --base-url URL (or set ONE_STOCKPORT_MIRROR) to the mirror "
                         "that serves the Stockport extracts by file name; publishers' pages are listed in "
                         "pipeline/registry.toml")
    sources = [s for s in registry.sources.values() if not s.bundled]
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    old = _manifest(dest)
    staging = Path(tempfile.mkdtemp(prefix=".fetch-", dir=dest))
    fetched: dict = {}
    try:
        for n, source in enumerate(sources, 1):
            url = f"{base_url.rstrip('/')}/{source.file}"
            headers = {"User-Agent": USER_AGENT}
            cached = old.get(source.file)
            if cached and cached.get("etag") and (dest / source.file).exists():
                headers["If-None-Match"] = cached["etag"]
            request = urllib.request.Request(url, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    body = response.read()
                    etag = response.headers.get("ETag")
            except urllib.error.HTTPError as exc:
                if exc.code == 304 and cached:
                    progress(f"[{n}/{len(sources)}] {source.file}: unchanged (cache)")
                    fetched[source.file] = cached
                    continue
                raise FetchError(f"{url}: the server answered {exc.code} {exc.reason}; nothing was changed") from None
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                raise FetchError(f"cannot reach {url} ({reason}); are you offline? The files in {dest} were left "
                                 "as they were") from None
            if not body.strip():
                raise FetchError(f"{url}: the download is empty; nothing was changed")
            (staging / source.file).write_bytes(body)
            fetched[source.file] = {"source_id": source.id, "url": url, "etag": etag, "bytes": len(body),
                                    "sha256": hashlib.sha256(body).hexdigest(),
                                    "retrieved_at": datetime.now(timezone.utc).strftime("%Y-%m-%d")}
            progress(f"[{n}/{len(sources)}] {source.file}: {len(body):,} bytes")
        for name in fetched:
            if (staging / name).exists():
                os.replace(staging / name, dest / name)
        manifest = {**old, **fetched}
        tmp = staging / paths.MANIFEST
        tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, dest / paths.MANIFEST)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    progress(f"Fetched {len(fetched)} files into {dest}; `python -m pipeline build` now uses them")
    return fetched
