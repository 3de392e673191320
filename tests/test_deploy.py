"""The container and Kubernetes files, checked without a container engine:
every manifest against Kubernetes' own OpenAPI schemas (kubernetes-validate,
strict: unknown fields fail), and the pieces that must agree with each other
and with the app (ports, health path, labels, the shared cookie secret)."""
import re

import kubernetes_validate
import pytest
import yaml

from conftest import ROOT

MANIFESTS = sorted((ROOT / "deploy" / "kubernetes").glob("*.yaml"))
KUBERNETES = "1.33.0"  # a release still in support; the schemas are bundled with the package
HEALTH = "/_stcore/health"


def load(name):
    return yaml.safe_load((ROOT / "deploy" / "kubernetes" / name).read_text())


@pytest.mark.parametrize("path", [p for p in MANIFESTS if p.name != "kustomization.yaml"], ids=lambda p: p.name)
def test_each_manifest_is_valid_kubernetes(path):
    for document in yaml.safe_load_all(path.read_text()):
        kubernetes_validate.validate(document, KUBERNETES, strict=True)


def test_a_broken_manifest_is_caught():
    deployment = load("deployment.yaml")
    deployment["spec"]["replicas"] = "three"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES, strict=True)


def test_kustomization_lists_every_manifest():
    listed = set(load("kustomization.yaml")["resources"])
    assert listed == {p.name for p in MANIFESTS} - {"kustomization.yaml"}


def container():
    return load("deployment.yaml")["spec"]["template"]["spec"]["containers"][0]


def test_replicas_share_one_cookie_secret_from_the_secret():
    deployment = load("deployment.yaml")
    assert deployment["spec"]["replicas"] >= 2
    env = {e["name"]: e for e in container()["env"]}
    ref = env["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]["secretKeyRef"]
    secret = load("secret.yaml")
    assert ref["name"] == secret["metadata"]["name"] and ref["key"] in secret["stringData"]


def test_probes_ask_streamlits_health_endpoint_on_the_served_port():
    app = container()
    port_names = {p["name"]: p["containerPort"] for p in app["ports"]}
    for probe in ("readinessProbe", "livenessProbe"):
        check = app[probe]["httpGet"]
        assert check["path"] == HEALTH and check["port"] in port_names


def test_the_ingress_keeps_a_browser_on_one_replica_and_reaches_the_service():
    ingress, service, deployment = load("ingress.yaml"), load("service.yaml"), load("deployment.yaml")
    notes = ingress["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 600  # websockets stay open
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]
    assert backend["port"]["name"] in {p["name"] for p in service["spec"]["ports"]}
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= pod_labels.items()
    assert load("poddisruptionbudget.yaml")["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()


def test_the_dockerfile_serves_the_app_on_the_manifests_port_with_a_health_check():
    dockerfile = (ROOT / "Dockerfile").read_text()
    port = container()["ports"][0]["containerPort"]
    assert f"EXPOSE {port}" in dockerfile
    assert re.search(rf"HEALTHCHECK .*\n?.*{re.escape(HEALTH)}", dockerfile)
    assert f"--server.port={port}" in dockerfile and '"app.py"' in dockerfile
    assert "pip install -r requirements.txt" in dockerfile
    assert re.search(r"^USER (?!root|0\b)", dockerfile, re.M)


def test_the_image_holds_everything_the_app_imports_and_nothing_excluded():
    copied = set(re.findall(r"^COPY (\S+)", (ROOT / "Dockerfile").read_text(), re.M))
    needed = {"app.py", "app_pages", "ui", "xent_core", "locales", ".streamlit", "requirements.txt"}
    assert needed <= copied
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert not needed & ignored
    # every top-level package the app's code imports from the repository is copied
    local = {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    used = set()
    for source in [ROOT / "app.py", *ROOT.glob("app_pages/*.py"), *ROOT.glob("ui/*.py")]:
        used |= set(re.findall(r"^\s*(?:from|import) (\w+)", source.read_text(), re.M)) & local
    assert used <= copied, used - copied
