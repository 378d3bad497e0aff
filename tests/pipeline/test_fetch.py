"""fetch against a real HTTP server on 127.0.0.1 serving the official files (no mocks)."""
from __future__ import annotations

import functools
import hashlib
import http.server
import json
import threading
from pathlib import Path

import pytest

from pipeline.build import build
from pipeline.fetch import FetchError, fetch
from pipeline.queries import Database


@pytest.fixture()
def server(raw_dir):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(raw_dir))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_fetch_downloads_every_file_with_checksums_then_build_uses_them(tmp_path, server, raw_dir):
    dest = tmp_path / "raw"
    fetched = fetch(dest, base_url=server, progress=lambda _: None)
    assert len(fetched) == 26
    manifest = json.loads((dest / "manifest.json").read_text())
    entry = manifest["stockport_wards_2023_bgc.geojson"]
    assert entry["sha256"] == hashlib.sha256((raw_dir / "stockport_wards_2023_bgc.geojson").read_bytes()).hexdigest()
    assert entry["retrieved_at"] and entry["url"].startswith(server)
    db = tmp_path / "db.duckdb"
    build(db, dest)
    sources = Database(db).sources().set_index("id")
    assert sources.retrieved_at["ons_wards_2023"] == entry["retrieved_at"]
    assert sources.sha256["ons_wards_2023"] == entry["sha256"]
    assert set(Database(db).wards().geometry_kind) == {"official"}


def test_offline_fetch_fails_fast_and_leaves_the_cache_as_it_was(tmp_path, server):
    dest = tmp_path / "raw"
    fetch(dest, base_url=server, progress=lambda _: None)
    before = {p.name: p.read_bytes() for p in dest.iterdir()}
    with pytest.raises(FetchError, match="cannot reach"):
        fetch(dest, base_url="http://127.0.0.1:9", timeout=2, progress=lambda _: None)
    assert {p.name: p.read_bytes() for p in dest.iterdir()} == before


def test_fetch_with_a_missing_file_changes_nothing(tmp_path, raw_dir):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    for f in list(raw_dir.iterdir())[:5]:
        (mirror / f.name).write_bytes(f.read_bytes())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(mirror))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        dest = tmp_path / "raw"
        with pytest.raises(FetchError, match="404"):
            fetch(dest, base_url=f"http://127.0.0.1:{httpd.server_address[1]}", progress=lambda _: None)
        assert [p.name for p in dest.iterdir()] == []
    finally:
        httpd.shutdown()


def test_fetch_without_an_address_says_how_to_give_one(tmp_path, monkeypatch):
    monkeypatch.delenv("ONE_STOCKPORT_MIRROR", raising=False)
    with pytest.raises(FetchError, match="--base-url"):
        fetch(tmp_path / "raw", progress=lambda _: None)
