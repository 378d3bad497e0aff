"""The container and Kubernetes files agree with the code: what can be checked without a cluster."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"


def _docs():
    return {
        (d["kind"], d["metadata"]["name"]): d
        for f in sorted(K8S.glob("*.yaml"))
        for d in yaml.safe_load_all(f.read_text(encoding="utf-8"))
        if d
    }


def _env(container) -> dict:
    return {e["name"]: e["value"] for e in container.get("env", [])}


def test_replicas_only_read_one_shared_build_that_the_job_alone_writes():
    docs = _docs()
    app = docs[("Deployment", "one-stockport-public")]["spec"]
    job = docs[("CronJob", "one-stockport-build")]["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert app["replicas"] >= 2 and app["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    pod = app["template"]["spec"]
    dash, builder = pod["containers"][0], job["containers"][0]
    assert _env(dash)["ONE_STOCKPORT_BUILD_ON_START"] == "0"
    assert _env(dash)["ONE_STOCKPORT_AUDIENCE"] == "public"
    assert _env(dash)["ONE_STOCKPORT_DB"] == _env(builder)["ONE_STOCKPORT_DB"]
    assert dash["volumeMounts"][0]["readOnly"] is True and "readOnly" not in builder["volumeMounts"][0]
    claim = {v["persistentVolumeClaim"]["claimName"] for v in pod["volumes"] + job["volumes"]}
    assert claim == {docs[("PersistentVolumeClaim", "one-stockport-builds")]["metadata"]["name"]}
    assert docs[("PersistentVolumeClaim", "one-stockport-builds")]["spec"]["accessModes"] == ["ReadWriteMany"]
    assert "python -m cli build" in " ".join(builder["args"])
    assert int(_env(builder)["ONE_STOCKPORT_BUILD_GRACE_SECONDS"]) >= 600
    assert docs[("CronJob", "one-stockport-build")]["spec"]["concurrencyPolicy"] == "Forbid"


def test_sessions_stay_on_their_replica_and_probes_use_streamlits_health():
    docs = _docs()
    assert docs[("Service", "one-stockport-public")]["spec"]["sessionAffinity"] == "ClientIP"
    notes = docs[("Ingress", "one-stockport-public")]["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600  # websockets stay open
    assert "frame-ancestors" in notes["nginx.ingress.kubernetes.io/configuration-snippet"]
    dash = docs[("Deployment", "one-stockport-public")]["spec"]["template"]["spec"]["containers"][0]
    assert dash["readinessProbe"]["httpGet"]["path"] == "/_stcore/health"
    assert dash["ports"][0]["containerPort"] == 8501


def test_every_setting_the_deployment_uses_is_one_the_code_reads():
    code = "\n".join(p.read_text(encoding="utf-8") for d in ("pipeline", "ui") for p in (ROOT / d).rglob("*.py"))
    used = set(
        re.findall(r"ONE_STOCKPORT_[A-Z_]+", "\n".join(p.read_text(encoding="utf-8") for p in K8S.glob("*.yaml")))
    )
    used |= set(re.findall(r"ONE_STOCKPORT_[A-Z_]+", (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")))
    assert used and all(name in code for name in used), used


def test_the_image_copies_what_the_app_imports_and_serves_on_the_probed_port():
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    for part in (
        "dashboard.py",
        "pipeline",
        "presentation",
        "publish",
        "views",
        "cli",
        "ui",
        ".streamlit",
        "data/default",
        "requirements.txt",
    ):
        assert f"COPY {part}" in dockerfile, part
    assert "pip install -r requirements.txt -c constraints.txt" in dockerfile  # the runtime only, pinned
    assert "pytest" not in (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert "--server.port=8501" in dockerfile and "EXPOSE 8501" in dockerfile
    assert "USER 10001" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert "data/*.duckdb" in ignored and "data/register" in ignored  # no local database or officers' uploads


def test_no_server_shows_error_details_and_every_server_starts_with_uploads_off():
    """Uploads open (internal servers only) at the first page run, once the upload guard stands: a server
    started with a limit above 0 took uploads from sessions nobody let in until then (issue 30)."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["maxUploadSize"] == 0
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    assert '"--client.showErrorDetails=none"' in dockerfile and '"--server.maxUploadSize=0"' in dockerfile


def test_the_public_ingress_refuses_uploads_and_metrics_and_sends_hsts():
    notes = _docs()[("Ingress", "one-stockport-public")]["metadata"]["annotations"]
    snippet = notes["nginx.ingress.kubernetes.io/configuration-snippet"]
    assert re.search(r'\$uri ~ "\^/_stcore/\(upload_file\|metrics\)"\) \{ return 404; \}', snippet)
    assert "Strict-Transport-Security: max-age=31536000" in snippet
    assert notes["nginx.ingress.kubernetes.io/proxy-body-size"] == "64k"


def test_both_nginx_sites_hide_streamlits_metrics_which_no_streamlit_setting_turns_off():
    """Streamlit 1.67 serves /_stcore/metrics on every server with no setting to stop it, so the proxy hides
    it on each site (tests/e2e/test_proxy.py asks nginx itself). The canary fails once Streamlit has a setting
    for it: then set it in .streamlit/config.toml too."""
    from streamlit import config

    assert [o for o in config._config_options_template if "metrics" in o.lower()] == [
        "server.unsafeMetricsUserAttributes"
    ]
    conf = (ROOT / "deploy" / "nginx-one-stockport.conf").read_text(encoding="utf-8")
    sites = [block for block in conf.split("server {")[1:] if "proxy_pass" in block]
    assert len(sites) == 2 and all("location ^~ /_stcore/metrics { return 404; }" in site for site in sites)
