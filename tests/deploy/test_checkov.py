"""checkov (pinned in tools/scan/, installed by `make install`) on every object of every
case: no failed check. A check the chart deliberately does not meet is skipped inline on
the object, with its reason (templates/_helpers.tpl, "fc.checkovSkips")."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import yaml

from devstack.topology import ROOT
from tests.deploy.chart import cases, rendered

CHECKOV = ROOT / ".tools" / "scan" / "bin" / "checkov"
# The only checks the chart skips, each for the reason written on the object.
ALLOWED_SKIPS = {"CKV_K8S_43", "CKV_K8S_35", "CKV_K8S_15"}


def test_checkov_finds_nothing_unexplained(tmp_path: Path) -> None:
    assert CHECKOV.exists(), "checkov is installed by `make install` (tools/scan/pyproject.toml)"
    for case in cases():
        (tmp_path / f"{case.id}.yaml").write_text(
            yaml.safe_dump_all(rendered(case), sort_keys=False), encoding="utf-8"
        )
    started = time.perf_counter()
    # --skip-download: no network (and nothing from a vendor's API decides the result).
    result = subprocess.run(
        [
            str(CHECKOV),
            "--directory",
            str(tmp_path),
            "--framework",
            "kubernetes",
            "--skip-download",
            "--output",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    elapsed = time.perf_counter() - started
    report = json.loads(result.stdout)
    results = report["results"]
    failed = [(c["check_id"], c["resource"], c["file_path"]) for c in results["failed_checks"]]
    assert failed == [], f"checkov failed checks: {failed}"
    skipped = {c["check_id"] for c in results["skipped_checks"]}
    assert skipped <= ALLOWED_SKIPS, f"skips without a reason here: {skipped - ALLOWED_SKIPS}"
    for check in results["skipped_checks"]:
        assert check["check_result"].get("suppress_comment"), f"{check['check_id']} skipped without a reason"
    assert report["summary"]["passed"] > 500
    print(f"checkov: {report['summary']} in {elapsed:.1f} s")
