"""fetch against a real HTTP server on 127.0.0.1 serving the official files (no mocks)."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import threading

import pytest

from pipeline.build.database import build
from pipeline.ingest.fetch import FetchError, fetch
from pipeline.store.queries import Database


@pytest.fixture()
def server(raw_dir):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(raw_dir))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.slow
def test_fetch_downloads_every_file_with_checksums_then_build_uses_them(tmp_path, server, raw_dir):
    dest = tmp_path / "raw"
    fetched = fetch(dest, base_url=server, progress=lambda _: None)
    from pipeline.ingest.bundle import official_sources
    from pipeline.registry import load_registry

    assert len(fetched) == len(official_sources(load_registry())) == 28  # the similar councils' two files too
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


def _widen_csv(text: str, column: str, other: str) -> str:
    """A publisher's wider file: the Stockport rows plus a row for somewhere else."""
    import csv as _csv
    import io

    lines = text.splitlines(keepends=True)
    header = next(_csv.reader([lines[0].lstrip("\ufeff")]))
    cells = next(_csv.reader([lines[1]]))
    cells[header.index(column)] = other
    buffer = io.StringIO()
    _csv.writer(buffer, lineterminator="\n").writerow(cells)
    return lines[0] + buffer.getvalue() + "".join(lines[1:]) + buffer.getvalue()


def test_fetch_from_publishers_cuts_stockport_rows_byte_for_byte(tmp_path, raw_dir):
    """Publishers' wider files on a loopback server → exactly the bundled Stockport extracts."""
    import dataclasses
    import gzip
    from pipeline.registry import REGISTRY_PATH, parse_registry

    wanted = [
        "ons_wards_2023",
        "ons_lsoa_2021",
        "ons_lsoa21_ward25",
        "iod2019_file6",
        "ofcom_els_comparators",
        "ons_oa11_lookup",
        "mysociety_imd",
    ]
    publisher = tmp_path / "publisher"
    server_root = publisher
    registry = parse_registry(REGISTRY_PATH.read_text(encoding="utf-8"))
    for sid in wanted:
        source = registry.sources[sid]
        original = (raw_dir / source.file).read_bytes()
        for n, url in enumerate(source.downloads):
            path = publisher / url.split("://", 1)[1].split("/", 1)[1]
            path.parent.mkdir(parents=True, exist_ok=True)
            keep = source.keep
            if sid == "ofcom_els_comparators":  # four ONS files, one per indicator, each with its header
                lines = original.decode("utf-8").splitlines(keepends=True)
                body = lines[0] + "".join(lines[1 + 14 * n : 1 + 14 * (n + 1)])
                body = _widen_csv(body, "areacd", "E06000001")
            elif "property" in keep:
                text = original.decode("utf-8")
                first = next(l for l in text.splitlines(keepends=True) if l.startswith('{ "type": "Feature"'))
                other = first.replace('"E08000007"', '"E08000009"').replace('"Stockport ', '"Trafford ')
                body = text.replace(first, other + first, 1)
            elif keep.get("in_file"):
                body = _widen_csv(original.decode("utf-8"), keep["column"], "E01006512")
            else:
                body = _widen_csv(original.decode("utf-8-sig"), keep["column"], "E08000009")
                if original.startswith(b"\xef\xbb\xbf"):
                    body = "\ufeff" + body
            data = body.encode("utf-8")
            path.write_bytes(gzip.compress(data) if url.endswith(".gz") else data)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(server_root))
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        local = f"http://127.0.0.1:{httpd.server_address[1]}/"
        text = REGISTRY_PATH.read_text(encoding="utf-8").replace("https://raw.githubusercontent.com/", local)
        registry = parse_registry(text)
        registry = dataclasses.replace(registry, sources={k: v for k, v in registry.sources.items() if k in wanted})
        dest = tmp_path / "raw"
        fetch(dest, registry=registry, progress=lambda _: None)
        for sid in wanted:
            name = registry.sources[sid].file
            assert (dest / name).read_bytes() == (raw_dir / name).read_bytes(), name
    finally:
        httpd.shutdown()


def test_fetch_from_publishers_names_the_files_that_need_a_mirror(tmp_path, monkeypatch):
    monkeypatch.delenv("ONE_STOCKPORT_MIRROR", raising=False)
    with pytest.raises(FetchError, match="stockport_census2021_rm121_age65plus_lsoa21.csv") as info:
        fetch(tmp_path / "raw", progress=lambda _: None)
    assert "ons_els_ofcom_connectivity_timeseries_compiled.csv" in str(info.value)
    assert not (tmp_path / "raw").exists()
