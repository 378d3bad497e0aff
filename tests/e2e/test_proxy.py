"""The sample reverse-proxy configuration, run for real on loopback in front of the app."""

from __future__ import annotations

import http.client
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from devtools.harness import ROOT, free_port, wait_ready

CONF = ROOT / "deploy" / "nginx-one-stockport.conf"


@pytest.fixture()
def proxy(server, tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("nginx is needed for the proxy test: apt-get install -y nginx")
    port = free_port()
    site = CONF.read_text(encoding="utf-8")
    # Both sites in front of the test server; the public one also answers to the loopback address the
    # browser tests use, the officers' one only to its name (given in the Host header below).
    site = site.replace("server 127.0.0.1:8501;", f"server 127.0.0.1:{server.port};")
    site = site.replace("server 127.0.0.1:8502;", f"server 127.0.0.1:{server.port};")
    site = site.replace("listen 127.0.0.1:8080", f"listen 127.0.0.1:{port}")
    site = site.replace("server_name dashboard.example;", "server_name dashboard.example 127.0.0.1;")
    (tmp_path / "logs").mkdir()
    conf = tmp_path / "nginx.conf"
    # Bodies stay in memory: nginx run as root hands requests to workers that cannot write tmp_path.
    conf.write_text(
        f"""daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/logs/error.log;
events {{}}
http {{ access_log off; client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;
fastcgi_temp_path {tmp_path}/fcgi; uwsgi_temp_path {tmp_path}/uwsgi; scgi_temp_path {tmp_path}/scgi;
client_body_buffer_size 8m;
{site} }}""",
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [nginx, "-c", str(conf), "-p", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(10)


def test_proxy_sends_frame_ancestors_and_serves_the_app(proxy, browser):
    with urllib.request.urlopen(proxy + "/_stcore/health", timeout=5) as response:
        assert response.status == 200
        csp = response.headers["Content-Security-Policy"]
    assert csp.startswith("frame-ancestors 'self' https://www.stockport.gov.uk")
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(proxy + "/connectivity")
        wait_ready(page)  # needs the websocket through the proxy
        assert page.inner_text("h1") == "Connectivity"
    finally:
        context.close()


def test_a_site_not_on_the_list_cannot_frame_the_dashboard(proxy, browser, tmp_path):
    html = tmp_path / "elsewhere.html"
    html.write_text(
        f'<!doctype html><title>Elsewhere</title><iframe title="x" src="{proxy}/embed?view=map&embed=true"></iframe>'
    )
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(html.as_uri())
        page.wait_for_timeout(3000)
        frame = page.frames[1]
        assert frame.query_selector('[data-testid="stApp"]') is None  # blocked by frame-ancestors
    finally:
        context.close()


def _ask(proxy: str, method: str, path: str, host: str, body: bytes | None = None) -> tuple[int, dict, bytes]:
    port = int(proxy.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers={"Host": host, "Content-Type": "application/octet-stream"})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


NGINX_PAGE = b"<center>nginx</center>"  # refused by the proxy itself, never reaching Streamlit


@pytest.mark.parametrize(
    "path",
    [
        "/_stcore/upload_file/a/b",
        "/_stcore//upload_file/a/b",
        "/_stcore/upload_file",
        "/_stcore/%75pload_file/a/b",
        "/x/../_stcore/upload_file/a/b",
    ],
)
def test_the_public_site_refuses_uploads_before_they_reach_streamlit(proxy, path):
    status, _, body = _ask(proxy, "PUT", path, "dashboard.example", b"x" * 1024)
    assert status == 403 and NGINX_PAGE in body


def test_the_public_site_hides_metrics_and_its_version_and_sends_hsts(proxy):
    status, headers, body = _ask(proxy, "GET", "/_stcore/metrics", "dashboard.example")
    assert status == 404 and NGINX_PAGE in body
    assert headers["Server"] == "nginx"  # no version
    for host in ("dashboard.example", "officers.dashboard.example"):
        status, headers, _ = _ask(proxy, "GET", "/_stcore/health", host)
        assert status == 200 and headers["Strict-Transport-Security"].startswith("max-age=31536000"), host
    status, _, body = _ask(proxy, "GET", "/_stcore/metrics", "officers.dashboard.example")
    assert status == 404 and NGINX_PAGE in body


def test_only_the_officers_site_takes_a_body_the_size_of_a_register_upload(proxy):
    five_mb = b"x" * (5 * 1024 * 1024 + 2048)  # a 5 MB register and its multipart framing
    status, _, body = _ask(proxy, "PUT", "/_stcore/upload_file/a/b", "officers.dashboard.example", five_mb)
    assert status != 413 and NGINX_PAGE not in body  # passed on: Streamlit answers (no such session)
    status, _, body = _ask(
        proxy, "PUT", "/_stcore/upload_file/a/b", "officers.dashboard.example", b"x" * 7 * 1024 * 1024
    )
    assert status == 413 and NGINX_PAGE in body
    status, _, body = _ask(proxy, "POST", "/", "dashboard.example", b"x" * 100 * 1024)
    assert status == 413 and NGINX_PAGE in body


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:443", "officers.dashboard.example.evil.example", "localhost", "127.0.0.2"]
)
def test_a_request_under_any_other_host_name_gets_no_answer(proxy, host):
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        _ask(proxy, "GET", "/inclusion", host)
