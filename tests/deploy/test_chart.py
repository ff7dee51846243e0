"""The suite's chart, rendered by Helm's library for the default install, each department
alone and every values file under ci/: lint, strict Kubernetes schemas, and what every
workload must have (hardening, probes, limits, network policy)."""

from __future__ import annotations

import time
from typing import Any

import helm_python as helm
import kubernetes_validate
import pytest
from helm_python.errors import HelmError

from devstack.topology import ROOT, departments
from tests.deploy.chart import (
    CHART_DIR,
    NAMESPACE,
    WORKLOAD_KINDS,
    Case,
    Manifest,
    cases,
    containers,
    name_of,
    of_kind,
    pod_labels,
    pod_spec,
    render_values,
    rendered,
)

CASES = cases()
IDS = [c.id for c in CASES]
NAMES = [d.name for d in departments()]
# The oldest Kubernetes minor still supported upstream when this was written, and the
# newest kubernetes-validate knows: the chart must be valid on both.
KUBERNETES_VERSIONS = ("1.32.0", "1.37.0")


def test_the_chart_lints_clean_for_every_case() -> None:
    for case in CASES:
        report = helm.lint(CHART_DIR, case.values(), strict=True, namespace=NAMESPACE)
        serious = [m for m in report["messages"] if m["severity"] >= 2]
        assert report["errors"] == [] and serious == [], f"{case.id}: {report}"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_object_is_valid_against_the_strict_kubernetes_schemas(case: Case) -> None:
    objects = rendered(case)
    assert objects
    for version in KUBERNETES_VERSIONS:
        for obj in objects:
            try:
                kubernetes_validate.validate(obj, version, strict=True)
            except kubernetes_validate.ValidationError as exc:
                pytest.fail(
                    f"{case.id}: {name_of(obj)} on Kubernetes {version}: "
                    f"{exc.message} at {'.'.join(map(str, exc.path))}"
                )


def test_render_is_fast_enough_to_test_every_case() -> None:
    started = time.perf_counter()
    rendered.cache_clear()
    for case in CASES:
        rendered(case)
    assert time.perf_counter() - started < 10


def _workloads(case: Case) -> list[Manifest]:
    return [o for o in rendered(case) if o["kind"] in WORKLOAD_KINDS]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_workload_is_hardened(case: Case) -> None:
    for workload in _workloads(case):
        spec = pod_spec(workload)
        where = f"{case.id}: {name_of(workload)}"
        assert spec["automountServiceAccountToken"] is False, where
        pod = spec["securityContext"]
        assert pod["runAsNonRoot"] is True and pod["runAsUser"] >= 10000, where
        assert pod["seccompProfile"] == {"type": "RuntimeDefault"}, where
        tmp = [v for v in spec["volumes"] if v["name"] == "tmp"]
        assert tmp and "emptyDir" in tmp[0], f"{where}: no emptyDir for /tmp"
        for container in containers(workload):
            ctx = container["securityContext"]
            assert ctx["runAsNonRoot"] is True, where
            assert ctx["readOnlyRootFilesystem"] is True, where
            assert ctx["allowPrivilegeEscalation"] is False, where
            assert ctx["capabilities"] == {"drop": ["ALL"]}, where
            assert ctx["seccompProfile"] == {"type": "RuntimeDefault"}, where
            assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"], where
            names = [e["name"] for e in container.get("env", [])]
            assert len(names) == len(set(names)), f"{where}: an environment variable twice"
            limits, requests = container["resources"]["limits"], container["resources"]["requests"]
            assert {"cpu", "memory"} <= limits.keys() and {"cpu", "memory"} <= requests.keys(), where
            assert ":" in container["image"].rsplit("/", 1)[-1], f"{where}: image without a tag"
            assert not container["image"].endswith(":latest"), where


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_long_running_workload_has_its_probes(case: Case) -> None:
    paths = {
        "subgraph": ("/healthz", "/readyz"),
        "gateway": ("/healthcheck", "/readiness"),
        "telemetry": ("/", "/"),
    }
    for deployment in of_kind(rendered(case), "Deployment"):
        live, ready = paths[pod_labels(deployment)["app.kubernetes.io/component"]]
        for container in containers(deployment):
            where = f"{case.id}: {name_of(deployment)}"
            assert container["livenessProbe"]["httpGet"]["path"] == live, where
            assert container["readinessProbe"]["httpGet"]["path"] == ready, where
            assert container["startupProbe"]["httpGet"]["path"] == live, where


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_selectors_use_only_stable_labels(case: Case) -> None:
    stable = {"app.kubernetes.io/name", "app.kubernetes.io/component", "app.kubernetes.io/part-of"}
    for obj in rendered(case):
        selector = (obj.get("spec") or {}).get("selector")
        if isinstance(selector, dict):
            labels = selector.get("matchLabels", selector)
            assert set(labels) <= stable, f"{case.id}: {name_of(obj)} selects on {set(labels) - stable}"
        expected = {
            "app.kubernetes.io/instance",
            "app.kubernetes.io/managed-by",
            "helm.sh/chart",
            "app.kubernetes.io/version",
            *stable,
        }
        assert expected <= obj["metadata"]["labels"].keys(), name_of(obj)
        assert obj["metadata"]["namespace"] == NAMESPACE, name_of(obj)


def _selected(policy: Manifest, labels: dict[str, str]) -> bool:
    wanted: dict[str, str] = policy["spec"]["podSelector"].get("matchLabels", {})
    return all(labels.get(k) == v for k, v in wanted.items())


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_workload_has_an_ingress_and_egress_policy_of_its_own(case: Case) -> None:
    objects = rendered(case)
    policies = [p for p in of_kind(objects, "NetworkPolicy") if p["spec"]["podSelector"]]
    for workload in (o for o in objects if o["kind"] in WORKLOAD_KINDS):
        mine = [p for p in policies if _selected(p, pod_labels(workload))]
        assert len(mine) == 1, f"{case.id}: {name_of(workload)} is selected by {len(mine)} policies"
        assert sorted(mine[0]["spec"]["policyTypes"]) == ["Egress", "Ingress"]


def test_the_suite_denies_everything_else_and_a_department_reaches_only_what_it_needs() -> None:
    objects = rendered(CASES[0])
    deny = [p for p in of_kind(objects, "NetworkPolicy") if p["metadata"]["name"] == "deny-all"]
    assert deny and deny[0]["spec"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    for name in NAMES:
        policy = next(p for p in of_kind(objects, "NetworkPolicy") if p["metadata"]["name"] == name)
        (ingress,) = policy["spec"]["ingress"]
        assert [
            peer["podSelector"]["matchLabels"]["app.kubernetes.io/component"] for peer in ingress["from"]
        ] == ["gateway"], "only the gateway reaches a subgraph"
        ports = sorted(p["port"] for rule in policy["spec"]["egress"] for p in rule["ports"])
        assert ports == [53, 53, 4318, 5432, 6379], f"{name}: DNS, collector, database, Redis only"


def test_egress_peers_are_parameters() -> None:
    values = {
        "default": {"database": {"networkPeers": [{"ipBlock": {"cidr": "10.1.0.0/16"}}]}},
        "redis": {"networkPeers": [{"ipBlock": {"cidr": "10.2.0.0/24"}}]},
        "departments": {NAMES[0]: {"database": {"port": 6432}}},
    }
    policy = next(
        p for p in of_kind(render_values(values), "NetworkPolicy") if p["metadata"]["name"] == NAMES[0]
    )
    by_port = {rule["ports"][0]["port"]: rule.get("to") for rule in policy["spec"]["egress"]}
    assert by_port[6432] == [{"ipBlock": {"cidr": "10.1.0.0/16"}}]
    assert by_port[6379] == [{"ipBlock": {"cidr": "10.2.0.0/24"}}]


@pytest.mark.parametrize("name", NAMES)
def test_one_department_installs_alone_as_its_own_release(name: str) -> None:
    objects = rendered(next(c for c in CASES if c.id == f"only-{name}"))
    owners = {o["metadata"]["labels"]["app.kubernetes.io/name"] for o in objects}
    assert owners == {name}, "no gateway, collector, deny-all or other department"
    assert {o["metadata"]["labels"]["app.kubernetes.io/instance"] for o in objects} == {name}
    assert {name_of(o) for o in objects} >= {
        f"Deployment/{name}",
        f"Service/{name}",
        f"NetworkPolicy/{name}",
        f"HorizontalPodAutoscaler/{name}",
        f"PodDisruptionBudget/{name}",
        f"Job/{name}-migrate",
    }


def test_an_unknown_department_or_key_is_refused() -> None:
    with pytest.raises(HelmError, match=r"global\.only=nowhere: no such department"):
        render_values({"global": {"only": "nowhere"}})
    with pytest.raises(HelmError, match="additional properties 'replica' not allowed"):
        render_values({"departments": {NAMES[0]: {"replica": 3}}})
    with pytest.raises(HelmError, match="additional properties"):
        render_values({"gateway": {"ingres": {}}})
    with pytest.raises(HelmError, match=f"departments.{NAMES[0]}.env.DATABASE_URL is set by the chart"):
        render_values({"departments": {NAMES[0]: {"env": {"DATABASE_URL": "postgresql://x"}}}})


def test_a_department_entry_overrides_the_default_block_even_with_false() -> None:
    objects = render_values({"departments": {NAMES[0]: {"autoscaling": {"enabled": False}, "replicas": 3}}})
    deployment = next(o for o in of_kind(objects, "Deployment") if o["metadata"]["name"] == NAMES[0])
    assert deployment["spec"]["replicas"] == 3
    assert NAMES[0] not in {o["metadata"]["name"] for o in of_kind(objects, "HorizontalPodAutoscaler")}
    others = [o for o in of_kind(objects, "HorizontalPodAutoscaler") if o["metadata"]["name"] != "gateway"]
    assert len(others) == len(NAMES) - 1


def _env(container: dict[str, Any]) -> dict[str, Any]:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container["env"]}


def test_departments_get_their_connections_from_secrets_and_do_not_migrate_at_start() -> None:
    objects = rendered(CASES[0])
    for name in NAMES:
        deployment = next(o for o in of_kind(objects, "Deployment") if o["metadata"]["name"] == name)
        env = _env(next(containers(deployment)))
        assert env["DATABASE_URL"] == {"secretKeyRef": {"name": f"{name}-db-app", "key": "uri"}}
        assert env["REDIS_URL"] == {"secretKeyRef": {"name": "redis-connection", "key": "url"}}
        # The secret the gateway signs with: without it a department refuses to start.
        assert env["GATEWAY_HMAC_SECRET"] == {"secretKeyRef": {"name": "gateway-trust", "key": "hmac-secret"}}
        assert env["MIGRATE_ON_START"] == "false" and env["PORT"] == "8000" and env["HOST"] == "0.0.0.0"
        package = name.replace("-", "_")
        jobs = {o["metadata"]["name"]: o for o in of_kind(objects, "Job")}
        migrate = jobs[f"{name}-migrate"]
        assert migrate["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
        assert next(containers(migrate))["args"] == ["migrate", package]
        republish = jobs[f"{name}-republish"]
        assert republish["metadata"]["annotations"]["helm.sh/hook"] == "post-install"
        assert next(containers(republish))["args"] == ["republish", package]


def test_the_gateway_reaches_every_department_and_serves_the_packaged_supergraph() -> None:
    objects = rendered(CASES[0])
    gateway = next(o for o in of_kind(objects, "Deployment") if o["metadata"]["name"] == "gateway")
    env = _env(next(containers(gateway)))
    for name in NAMES:
        variable = "SUBGRAPH_URL_" + name.replace("-", "_").upper()
        assert env[variable] == f"http://{name}.{NAMESPACE}.svc:8000/graphql"
    assert env["SUPERGRAPH_PATH"] == "/etc/gateway/supergraph/supergraph.graphql"
    config_map = next(
        o for o in of_kind(objects, "ConfigMap") if o["metadata"]["name"] == "gateway-supergraph"
    )
    committed = (ROOT / "gateway" / "supergraph.graphql").read_text(encoding="utf-8")
    assert config_map["data"]["supergraph.graphql"] == committed.rstrip("\n")
    # Caller authentication: the provider's key set and the signing secret come from the
    # trust Secret as files; issuer and audience from the values (docs/security.md).
    trust = next(v for v in pod_spec(gateway)["volumes"] if v["name"] == "trust")
    assert trust["secret"] == {"secretName": "gateway-trust"}
    assert env["JWT_JWKS_FILE"] == "/etc/gateway/trust/jwks.json"
    assert env["GATEWAY_HMAC_SECRET_FILE"] == "/etc/gateway/trust/hmac-secret"
    assert (env["JWT_ISSUER"], env["JWT_AUDIENCE"]) == ("https://id.example.gov.cn", "fujian-gateway")
    assert "GATEWAY_HMAC_SECRET" not in env
    (ingress,) = of_kind(objects, "Ingress")
    assert ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"] == "gateway"


def test_the_collector_limits_memory_redacts_and_batches() -> None:
    objects = rendered(CASES[0])
    import yaml

    config_map = next(o for o in of_kind(objects, "ConfigMap") if o["metadata"]["name"] == "otel-collector")
    config = yaml.safe_load(config_map["data"]["config.yaml"])
    assert "otlp" in config["receivers"]
    for pipeline in config["service"]["pipelines"].values():
        assert pipeline["processors"] == ["memory_limiter", "redaction", "batch"]
        assert set(pipeline["exporters"]) <= set(config["exporters"])
    import re

    (pattern,) = config["processors"]["redaction"]["blocked_values"]
    assert re.search(pattern, "resident 35010219900307123X")  # synthetic, checksum aside


def test_first_deployment_of_the_bus_recreates_instead_of_rolling() -> None:
    case = next(c for c in CASES if c.id == "ci-first-bus-deployment-values")
    for deployment in of_kind(rendered(case), "Deployment"):
        if pod_labels(deployment)["app.kubernetes.io/component"] == "subgraph":
            assert deployment["spec"]["strategy"] == {"type": "Recreate"}
