"""The event contracts: generated code, buf lint and breaking checks, and the registry."""

from __future__ import annotations

import os
import pickle
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from servicekit.contracts import registry
from servicekit.contracts.envelope.v1.envelope_pb2 import Envelope
from servicekit.contracts.settlement.v1 import events_pb2 as settlement
from servicekit.contracts.social_security.v1 import events_pb2 as social_security

REPO = Path(__file__).resolve().parents[2]
PROTO = REPO / "proto"
CHECK = PROTO / "check.sh"
GENERATED_MODULES = [
    "servicekit.contracts.envelope.v1.envelope_pb2",
    "servicekit.contracts.settlement.v1.events_pb2",
    "servicekit.contracts.social_security.v1.events_pb2",
]

# One fully populated example of every event type. A new event type needs one here
# (test_every_event_type_has_a_sample says so).
SAMPLES: dict[str, Message] = {
    "settlement.v1.PersonRegistered": settlement.PersonRegistered(
        person_id="p-1",
        name="林小梅",
        birth_date="1990-02-03",
        sex=settlement.SEX_FEMALE,
        version=1,
    ),
    "settlement.v1.HukouChanged": settlement.HukouChanged(
        person_id="p-1",
        hukou_type=settlement.HUKOU_TYPE_RURAL,
        region_code="350122",
        recorded_on="2008-07-01",
        version=2,
    ),
    "settlement.v1.ResidencePermitIssued": settlement.ResidencePermitIssued(
        permit_id="rp-1",
        person_id="p-1",
        city_code="350100",
        issued_on="2018-03-01",
        valid_until="2019-02-28",
        version=1,
    ),
    "settlement.v1.ResidencePermitRenewed": settlement.ResidencePermitRenewed(
        permit_id="rp-1",
        person_id="p-1",
        city_code="350100",
        issued_on="2018-03-01",
        valid_until="2020-02-29",
        version=2,
    ),
    "settlement.v1.ResidencePermitRevoked": settlement.ResidencePermitRevoked(
        permit_id="rp-1",
        person_id="p-1",
        city_code="350100",
        issued_on="2018-03-01",
        valid_until="2020-02-29",
        revoked_on="2019-06-30",
        reason="申请人已迁出本市",
        version=3,
    ),
    "settlement.v1.ResidencePermitExpired": settlement.ResidencePermitExpired(
        permit_id="rp-2",
        person_id="p-1",
        city_code="350200",
        issued_on="2016-01-01",
        valid_until="2016-12-31",
        version=2,
    ),
    "settlement.v1.ResidencePeriodRecorded": settlement.ResidencePeriodRecorded(
        period_id="rs-1", person_id="p-1", city_code="350100", started_on="2017-09-01", version=1
    ),
    "social_security.v1.PovertyRegistered": social_security.PovertyRegistered(
        registration_id="pr-1",
        person_id="p-1",
        household_number="3501220001234",
        registered_on="2015-10-15",
        version=1,
    ),
    "social_security.v1.PovertyLifted": social_security.PovertyLifted(
        registration_id="pr-1", person_id="p-1", lifted_on="2019-12-20", version=2,
        household_number="350121-0042", registered_on="2019-06-30",
    ),
}

OCCURRED_AT = datetime(2019, 6, 30, 9, 15, 0, 123456, tzinfo=timezone(timedelta(hours=8)))
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def run(*command: str | Path, cwd: Path = REPO, env: dict[str, str] | None = None) -> str:
    """Run a command; fail the test (never skip) if it is missing or exits non-zero."""
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{command} exited {result.returncode}:\n{output}"
    return output


# --- generated code and buf -------------------------------------------------------------


def test_generated_code_is_up_to_date() -> None:
    # Needs grpcio-tools and mypy-protobuf at the pinned versions in this Python.
    output = run(sys.executable, PROTO / "generate.py", "--check")
    assert "up to date" in output


def test_generate_rewrites_changed_removes_stale_and_check_names_them(tmp_path: Path) -> None:
    shutil.copytree(PROTO, tmp_path / "proto", ignore=shutil.ignore_patterns("node_modules"))
    out = tmp_path / "shared" / "servicekit" / "contracts"
    shutil.copytree(REPO / "shared" / "servicekit" / "contracts", out)
    script = tmp_path / "proto" / "generate.py"
    (out / "settlement" / "v1" / "events_pb2.py").write_text("# hand-edited\n")
    (out / "housing" / "v1").mkdir(parents=True)
    (out / "housing" / "v1" / "events_pb2.py").write_text("# from a deleted .proto\n")

    stale = subprocess.run(
        [sys.executable, script, "--check"], capture_output=True, text=True, check=False
    )
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "differs: shared/servicekit/contracts/settlement/v1/events_pb2.py" in stale.stdout
    assert "stale (no .proto generates it): shared/servicekit/contracts/housing" in stale.stdout

    run(sys.executable, script)
    assert not (out / "housing").exists()
    assert (out / "registry.py").exists()  # hand-written files are left alone
    run(sys.executable, script, "--check")


def test_buf_lint_passes() -> None:
    # Needs proto/node_modules (`npm ci` in proto/): check.sh exits 127 without buf.
    output = run(CHECK, "lint")
    assert "buf lint: ok" in output


def test_generated_modules_import_cleanly_under_the_pinned_runtime() -> None:
    # -W error: a protobuf runtime older or of another major than the gencode warns or fails.
    code = "; ".join(f"import {name}" for name in GENERATED_MODULES)
    run(sys.executable, "-W", "error", "-c", code)


@pytest.fixture
def proto_repo(tmp_path: Path) -> Path:
    """A throwaway git repo on `main` holding a copy of proto/ (buf from the real one)."""
    node_modules = PROTO / "node_modules"
    assert node_modules.is_dir(), "buf is not installed: run `npm ci` in proto/"
    shutil.copytree(PROTO, tmp_path / "proto", ignore=shutil.ignore_patterns("node_modules"))
    (tmp_path / "proto" / "node_modules").symlink_to(node_modules)
    (tmp_path / ".gitignore").write_text("node_modules\n")  # also the symlink
    git(tmp_path, "init", "-q", "-b", "main")
    return tmp_path


def git(repo: Path, *args: str) -> None:
    run(
        "git",
        "-c",
        "user.name=contracts test",
        "-c",
        "user.email=contracts@test.invalid",
        "-c",
        "commit.gpgsign=false",
        *args,
        cwd=repo,
    )


def check_breaking(repo: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"BUF", "PROTO_AGAINST_REF"}}
    return subprocess.run(
        [str(repo / "proto" / "check.sh"), "breaking"],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_breaking_check_skips_only_while_main_has_no_proto(proto_repo: Path) -> None:
    unborn = check_breaking(proto_repo)
    assert unborn.returncode == 0, unborn.stderr
    assert "SKIPPED, main has no commits yet" in unborn.stdout

    (proto_repo / "README").write_text("no contracts yet\n")
    git(proto_repo, "add", "README")
    git(proto_repo, "commit", "-q", "-m", "no proto yet")
    without_proto = check_breaking(proto_repo)
    assert without_proto.returncode == 0, without_proto.stderr
    assert "SKIPPED, 'main' has no proto/buf.yaml yet" in without_proto.stdout


def test_breaking_check_allows_additions_and_rejects_renumbering(proto_repo: Path) -> None:
    git(proto_repo, "add", "proto")
    git(proto_repo, "commit", "-q", "-m", "contracts")
    unchanged = check_breaking(proto_repo)
    assert unchanged.returncode == 0, unchanged.stdout + unchanged.stderr
    assert "no breaking change" in unchanged.stdout

    events = proto_repo / "proto" / "social_security" / "v1" / "events.proto"
    text = events.read_text()
    added = text.replace(
        "  string lifted_on = 3;\n",
        "  string lifted_on = 3;\n  // Added later: a new field with a new number.\n"
        "  string lifted_by = 7;\n",
    )
    assert added != text
    events.write_text(added)
    addition = check_breaking(proto_repo)
    assert addition.returncode == 0, addition.stdout + addition.stderr

    events.write_text(text.replace("string lifted_on = 3;", "string lifted_on = 9;"))
    renumbered = check_breaking(proto_repo)
    assert renumbered.returncode != 0
    assert "PovertyLifted" in renumbered.stdout + renumbered.stderr


# --- the generated package --------------------------------------------------------------


def test_generated_classes_live_under_servicekit_contracts() -> None:
    # Not under `settlement.v1...`, which would be the settlement service's package.
    assert settlement.PersonRegistered.__module__ == "servicekit.contracts.settlement.v1.events_pb2"
    event = SAMPLES["settlement.v1.HukouChanged"]
    assert pickle.loads(pickle.dumps(event)) == event


def test_department_files_import_nothing_but_well_known_types() -> None:
    for cls in registry.EVENT_TYPES.values():
        for dependency in cls.DESCRIPTOR.file.dependencies:
            assert dependency.name.startswith("google/protobuf/"), (
                f"{cls.DESCRIPTOR.file.name} imports {dependency.name}"
            )


def test_registry_holds_the_events_and_not_the_envelope() -> None:
    assert set(SAMPLES) <= set(registry.EVENT_TYPES)
    assert "envelope.v1.Envelope" not in registry.EVENT_TYPES
    for name, cls in registry.EVENT_TYPES.items():
        assert cls.DESCRIPTOR.full_name == name
        assert registry.message_class(name) is cls


def test_every_event_type_has_a_sample() -> None:
    missing = set(registry.EVENT_TYPES) - set(SAMPLES)
    assert not missing, f"add a sample for {sorted(missing)} to SAMPLES in this file"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_event_has_person_id_and_version(name: str) -> None:
    fields = registry.message_class(name).DESCRIPTOR.fields_by_name
    assert fields["person_id"].type == FieldDescriptor.TYPE_STRING
    assert fields["version"].type == FieldDescriptor.TYPE_INT64


ID_NUMBER = re.compile(r"id_?(card|number|no)|resident_id|citizen_id|identity_number|sfz")


def test_no_event_carries_a_resident_id_number() -> None:
    for name, cls in registry.EVENT_TYPES.items():
        for field in cls.DESCRIPTOR.fields:
            assert not ID_NUMBER.search(field.name), f"{name}.{field.name}"


def test_samples_are_fully_populated() -> None:
    # Every field is set in at least one sample of its message, so round trips cover all.
    for name, event in SAMPLES.items():
        unset = {f.name for f in event.DESCRIPTOR.fields} - {f.name for f, _ in event.ListFields()}
        assert unset <= {"revoked_on", "reason", "ended_on"}, f"{name}: {unset}"


# --- registry: round trip and errors ----------------------------------------------------


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_round_trip_through_envelope_and_registry(name: str) -> None:
    event = SAMPLES[name]
    envelope = registry.wrap(
        event,
        producer="settlement" if name.startswith("settlement.") else "social-security",
        occurred_at=OCCURRED_AT,
        sequence=42,
        traceparent=TRACEPARENT,
        tracestate="congo=t61rcWkgMzE",
    )
    received = registry.parse_envelope(envelope.SerializeToString())

    assert received == envelope
    assert received.type == name
    assert received.subject_person_id == "p-1"
    assert received.schema_version == 1
    assert received.sequence == 42
    assert received.traceparent == TRACEPARENT
    assert received.occurred_at.ToDatetime(tzinfo=UTC) == OCCURRED_AT
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", received.event_id
    )

    decoded = registry.decode(received)
    assert type(decoded) is type(event)
    assert decoded == event
    assert registry.event_type(decoded) == name


def test_wrap_keeps_a_given_event_id_and_requires_an_aware_time() -> None:
    event = SAMPLES["social_security.v1.PovertyLifted"]
    envelope = registry.wrap(
        event, producer="social-security", occurred_at=OCCURRED_AT, sequence=1, event_id="e-1"
    )
    assert envelope.event_id == "e-1"
    with pytest.raises(ValueError, match="timezone-aware"):
        registry.wrap(
            event, producer="social-security", occurred_at=datetime(2019, 1, 1), sequence=1
        )


def envelope_for(type_name: str, payload: bytes, person_id: str = "p-1") -> Envelope:
    return Envelope(
        event_id="00000000-0000-4000-8000-000000000000",
        type=type_name,
        subject_person_id=person_id,
        producer="test",
        schema_version=1,
        payload=payload,
        sequence=1,
    )


@pytest.mark.parametrize(
    "type_name",
    ["settlement.v1.PersonDeleted", "envelope.v1.Envelope", "settlement.v2.PersonRegistered", ""],
)
def test_unknown_event_type_raises(type_name: str) -> None:
    payload = SAMPLES["settlement.v1.PersonRegistered"].SerializeToString()
    with pytest.raises(registry.UnknownEventType, match="unknown event type") as info:
        registry.decode(envelope_for(type_name, payload))
    assert info.value.event_type == type_name
    with pytest.raises(registry.UnknownEventType):
        registry.message_class(type_name)


def test_a_message_that_is_not_an_event_has_no_event_type() -> None:
    with pytest.raises(registry.UnknownEventType):
        registry.event_type(Envelope())


@pytest.mark.parametrize(
    "payload",
    [
        b"\xff\xff\xff\xff",  # corrupt wire format
        b"not a protobuf at all",
        b"\x0a\x05ab",  # length runs past the end
        b"\x0a\x02\xff\xfe",  # person_id is not UTF-8
    ],
)
def test_garbage_payload_raises_malformed_event(payload: bytes) -> None:
    with pytest.raises(registry.MalformedEvent, match="payload does not parse") as info:
        registry.decode(envelope_for("settlement.v1.PersonRegistered", payload))
    assert info.value.event_type == "settlement.v1.PersonRegistered"
    assert info.value.event_id == "00000000-0000-4000-8000-000000000000"


def test_payload_of_another_person_or_without_person_raises_malformed_event() -> None:
    payload = SAMPLES["settlement.v1.HukouChanged"].SerializeToString()
    with pytest.raises(registry.MalformedEvent, match="differs from subject_person_id"):
        registry.decode(envelope_for("settlement.v1.HukouChanged", payload, person_id="p-2"))
    with pytest.raises(registry.MalformedEvent, match="no person_id"):
        registry.decode(envelope_for("settlement.v1.HukouChanged", b""))


def test_garbage_envelope_raises_malformed_event() -> None:
    with pytest.raises(registry.MalformedEvent, match="envelope does not parse"):
        registry.parse_envelope(b"\xff\xff\xff\xff")
    with pytest.raises(registry.MalformedEvent, match="no type"):
        registry.parse_envelope(b"")


def test_errors_are_contract_errors() -> None:
    assert issubclass(registry.UnknownEventType, registry.ContractError)
    assert issubclass(registry.MalformedEvent, registry.ContractError)
    assert issubclass(registry.MalformedEvent, ValueError)


def test_schema_version_is_the_package_version() -> None:
    assert registry.schema_version("settlement.v1.PersonRegistered") == 1
    assert registry.schema_version("social_security.v12.PovertyLifted") == 12
    with pytest.raises(registry.UnknownEventType):
        registry.schema_version("PersonRegistered")


def test_breaking_check_catches_a_break_already_committed_on_main(proto_repo: Path) -> None:
    # CI runs on a clone of main that already holds the change under test: comparing
    # with main alone would compare the change with itself. Every committed version counts.
    git(proto_repo, "add", "proto")
    git(proto_repo, "commit", "-q", "-m", "contracts")
    events = proto_repo / "proto" / "social_security" / "v1" / "events.proto"
    events.write_text(events.read_text().replace("string lifted_on = 3;", "string lifted_on = 9;"))
    git(proto_repo, "commit", "-q", "-am", "renumber a field (breaking)")
    result = check_breaking(proto_repo)
    assert result.returncode != 0
    assert "PovertyLifted" in result.stdout + result.stderr
