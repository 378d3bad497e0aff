"""Downloads the official files into data/raw with a cache, checksums and retrieval dates.

Each file comes from its publisher (the registry's `download`/`url`, cut to Stockport's rows by
its `keep` rule), or, for every file, from a mirror of the Stockport extracts (`--base-url`, or
ONE_STOCKPORT_MIRROR) that serves them by file name. Everything is downloaded into a temporary
folder first; only when every file has arrived are they moved into place and the manifest
written, so a failed or offline fetch leaves the cache exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from pipeline import clock, paths
from pipeline.errors import BuildError
from pipeline.ingest.extract import extract
from pipeline.registry import Registry, load_registry

USER_AGENT = "OneStockport-pipeline/1.0 (+open data dashboard)"


class FetchError(BuildError):
    pass


def _manifest(dest: Path) -> dict:
    path = dest / paths.MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _download(url: str, timeout: float, etag: str | None, dest: Path) -> tuple[bytes | None, str | None]:
    """The body and ETag, or (None, etag) when the server says the cached copy is current."""
    headers = {"User-Agent": USER_AGENT, **({"If-None-Match": etag} if etag else {})}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout) as response:
            body = response.read()
            if not body.strip():
                raise FetchError(f"{url}: the download is empty; nothing was changed")
            return body, response.headers.get("ETag")
    except urllib.error.HTTPError as exc:
        if exc.code == 304 and etag:
            return None, etag
        raise FetchError(f"{url}: the server answered {exc.code} {exc.reason}; nothing was changed") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(
            f"cannot reach {url} ({reason}); are you offline? The files in {dest} were left as they were"
        ) from None


def _resolve_keep(keep: dict | None, staging: Path, dest: Path) -> dict | None:
    """A rule that names another file ('in_file') becomes a list of that file's codes."""
    if not keep or "in_file" not in keep:
        return keep
    path = staging / keep["in_file"] if (staging / keep["in_file"]).exists() else dest / keep["in_file"]
    import csv

    with open(path, encoding="utf-8-sig") as f:
        codes = sorted({row[keep["file_column"]] for row in csv.DictReader(f)})
    return {"column": keep["column"], "in": codes}


def fetch(
    dest: Path, base_url: str | None = None, timeout: float = 20.0, progress=print, registry: Registry | None = None
) -> dict:
    registry = registry or load_registry()
    base_url = base_url or os.environ.get("ONE_STOCKPORT_MIRROR")
    sources = [s for s in registry.sources.values() if not s.bundled]
    if not base_url:
        manual = [s.file for s in sources if not s.downloads]
        if manual:
            raise FetchError(
                f"{len(manual)} file(s) have no direct download from their publisher (compiled, or "
                f"behind a query form): {', '.join(manual)}. Pass --base-url URL (or set "
                "ONE_STOCKPORT_MIRROR) to a mirror serving the Stockport extracts by file name"
            )
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    old = _manifest(dest)
    staging = Path(tempfile.mkdtemp(prefix=".fetch-", dir=dest))
    fetched: dict = {}
    try:
        for n, source in enumerate(sources, 1):
            urls = [f"{base_url.rstrip('/')}/{source.file}"] if base_url else list(source.downloads)
            cached = old.get(source.file)
            etag_ok = cached and cached.get("etag") and len(urls) == 1 and (dest / source.file).exists()
            bodies, etag = [], None
            for url in urls:
                body, etag = _download(url, timeout, cached["etag"] if etag_ok else None, dest)
                bodies.append(body)
            if bodies == [None]:
                progress(f"[{n}/{len(sources)}] {source.file}: unchanged (cache)")
                fetched[source.file] = cached
                continue
            keep = None if base_url else _resolve_keep(source.keep, staging, dest)
            body = extract(bodies, urls, keep)
            if not body.strip():
                raise FetchError(f"{urls[0]}: nothing for Stockport in the download; nothing was changed")
            (staging / source.file).write_bytes(body)
            fetched[source.file] = {
                "source_id": source.id,
                "url": " ".join(urls),
                "etag": etag,
                "bytes": len(body),
                "sha256": hashlib.sha256(body).hexdigest(),
                "retrieved_at": clock.today().isoformat(),
            }
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
    progress(f"Fetched {len(fetched)} files into {dest}; `python -m cli build` now uses them")
    return fetched
