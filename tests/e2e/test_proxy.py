"""The sample reverse-proxy configuration, run for real on loopback in front of the app."""
from __future__ import annotations

import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from .harness import ROOT, free_port, wait_ready

CONF = ROOT / "deploy" / "nginx-one-stockport.conf"


@pytest.fixture()
def proxy(server, tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("nginx is needed for the proxy test: apt-get install -y nginx")
    port = free_port()
    site = CONF.read_text(encoding="utf-8")
    site = site.replace("server 127.0.0.1:8501;", f"server 127.0.0.1:{server.port};")
    site = site.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{port};")
    (tmp_path / "logs").mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"""daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/logs/error.log;
events {{}}
http {{ access_log off; client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;
fastcgi_temp_path {tmp_path}/fcgi; uwsgi_temp_path {tmp_path}/uwsgi; scgi_temp_path {tmp_path}/scgi;
{site} }}""", encoding="utf-8")
    proc = subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp_path)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.STDOUT)
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
    html.write_text(f'<!doctype html><title>Elsewhere</title><iframe title="x" src="{proxy}/embed?view=map&embed=true"></iframe>')
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(html.as_uri())
        page.wait_for_timeout(3000)
        frame = page.frames[1]
        assert frame.query_selector('[data-testid="stApp"]') is None  # blocked by frame-ancestors
    finally:
        context.close()
