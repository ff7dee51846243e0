"""The event contracts: generated code, buf lint and breaking checks, and the registry."""

from __future__ import annotations

import os
import pickle
import pkgutil
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

import fujian
from fujian.events.envelope.v1.envelope_pb2 import Envelope
from fujian.events.options.v1.options_pb2 import SubjectType
from fujian.events.settlement.v1 import events_pb2 as settlement
from fujian.events.testing.v1 import events_pb2 as testing
from servicekit.contracts import registry
from tests.contracts.samples import all_samples

REPO = Path(__file__).resolve().parents[2]
PROTO = REPO / "proto"
CHECK = PROTO / "check.sh"
GENERATED_MODULES = sorted(
    m.name for m in pkgutil.walk_packages(fujian.__path__, prefix="fujian.") if m.name.endswith("_pb2")
)
# Every department's events (and the kit's test contract) may import these, and nothing else.
ALLOWED_IMPORTS = ("google/protobuf/", "fujian/events/options/v1/options.proto")

# One fully populated example of every event type, one module per producer in samples/
# (test_every_event_type_has_a_sample says when one is missing).
SAMPLES: dict[str, Message] = all_samples()

# What each sample is about: (subject type, subject id). Every event of the departments is
# about a person today; the test contract shows the others.
SUBJECT_OF_SAMPLE: dict[str, tuple[SubjectType.ValueType, str]] = {
    name: (SubjectType.SUBJECT_TYPE_PERSON, "p-1") for name in SAMPLES
} | {
    "fujian.events.testing.v1.RegionQuotaSet": (SubjectType.SUBJECT_TYPE_REGION, "350102"),
    "fujian.events.testing.v1.RulesVersionPublished": (SubjectType.SUBJECT_TYPE_RULES_VERSION, "rules-2020"),
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
    # A copy of the repository's generation inputs: proto/ (with buf), the venv whose
    # generators buf.gen.yaml runs, and the generated package with a hand-written sibling.
    shutil.copytree(PROTO, tmp_path / "proto", ignore=shutil.ignore_patterns("node_modules"))
    (tmp_path / "proto" / "node_modules").symlink_to(PROTO / "node_modules")
    (tmp_path / ".venv").symlink_to(REPO / ".venv")
    out = tmp_path / "shared" / "fujian"
    shutil.copytree(REPO / "shared" / "fujian", out)
    kit = tmp_path / "shared" / "servicekit" / "contracts"
    kit.mkdir(parents=True)
    (kit / "registry.py").write_text("# hand-written\n")
    script = tmp_path / "proto" / "generate.py"
    (out / "events" / "settlement" / "v1" / "events_pb2.py").write_text("# hand-edited\n")
    (out / "events" / "culture" / "v1").mkdir(parents=True)
    (out / "events" / "culture" / "v1" / "events_pb2.py").write_text("# from a deleted .proto\n")
    (out / "events" / "social_security" / "v1" / "events_pb2.pyi").unlink()

    stale = subprocess.run([sys.executable, script, "--check"], capture_output=True, text=True, check=False)
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "differs: shared/fujian/events/settlement/v1/events_pb2.py" in stale.stdout
    assert "stale (no .proto generates it): shared/fujian/events/culture" in stale.stdout
    assert "missing: shared/fujian/events/social_security/v1/events_pb2.pyi" in stale.stdout

    run(sys.executable, script)
    assert not (out / "events" / "culture").exists()
    assert (kit / "registry.py").read_text() == "# hand-written\n"  # outside fujian/: untouched
    run(sys.executable, script, "--check")


def test_generation_runs_through_buf_with_the_pinned_generators() -> None:
    # buf.gen.yaml (v2) drives generation: protoc's built-in Python generator from
    # grpcio-tools and mypy-protobuf as a local plugin, both from the repository's venv,
    # whose versions generate.py checks against its pins (and those against pyproject.toml).
    template = (PROTO / "buf.gen.yaml").read_text()
    assert "version: v2" in template
    assert "protoc_builtin: python" in template
    assert '["../.venv/bin/python", "-m", "grpc_tools.protoc"]' in template
    assert "local: ../.venv/bin/protoc-gen-mypy" in template
    script = (PROTO / "generate.py").read_text()
    pyproject = (REPO / "pyproject.toml").read_text()
    pins = dict(re.findall(r'"(grpcio-tools|mypy-protobuf)==([0-9.]+)"', pyproject))
    assert f"TOOL_VERSIONS = {pins!r}".replace("'", '"') in script
    assert "fix_module_name" not in script  # protoc's module names are the import paths now


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
    assert "SKIPPED, 'main' has no proto/fujian/ yet" in without_proto.stdout


def test_breaking_check_allows_additions_and_rejects_renumbering(proto_repo: Path) -> None:
    git(proto_repo, "add", "proto")
    git(proto_repo, "commit", "-q", "-m", "contracts")
    unchanged = check_breaking(proto_repo)
    assert unchanged.returncode == 0, unchanged.stdout + unchanged.stderr
    assert "no breaking change" in unchanged.stdout

    events = proto_repo / "proto" / "fujian" / "events" / "social_security" / "v1" / "events.proto"
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


def test_generated_modules_are_named_by_their_import_path() -> None:
    # The protobuf package is the Python package: the name protoc writes is where the class
    # is imported from (pickle finds it), and no service package (`settlement`) is shadowed.
    assert settlement.PersonRegistered.__module__ == "fujian.events.settlement.v1.events_pb2"
    assert settlement.PersonRegistered.DESCRIPTOR.full_name == "fujian.events.settlement.v1.PersonRegistered"
    event = SAMPLES["fujian.events.settlement.v1.ResidencePermitRevoked"]
    assert pickle.loads(pickle.dumps(event)) == event


def test_department_files_import_nothing_but_well_known_types_and_the_option() -> None:
    files = {cls.DESCRIPTOR.file for cls in registry.EVENT_TYPES.values()} | {Envelope.DESCRIPTOR.file}
    for file in files:
        for dependency in file.dependencies:
            assert dependency.name.startswith(ALLOWED_IMPORTS), f"{file.name} imports {dependency.name}"


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
def test_every_event_names_its_subject_and_has_a_version(name: str) -> None:
    descriptor = registry.message_class(name).DESCRIPTOR
    subject = registry.SUBJECTS[name]
    assert subject.type != SubjectType.SUBJECT_TYPE_UNSPECIFIED
    for part in subject.path[:-1]:
        descriptor = descriptor.fields_by_name[part].message_type
    assert descriptor.fields_by_name[subject.path[-1]].type == FieldDescriptor.TYPE_STRING
    # Persons travel as the opaque `person_id`, whatever message holds it.
    if subject.type == SubjectType.SUBJECT_TYPE_PERSON:
        assert subject.path[-1] == "person_id"
    assert registry.subject_id(SAMPLES[name]) == SUBJECT_OF_SAMPLE[name][1]
    fields = registry.message_class(name).DESCRIPTOR.fields_by_name
    assert fields["version"].type == FieldDescriptor.TYPE_INT64


ID_NUMBER = re.compile(r"id_?(card|number|no)|resident_id|citizen_id|identity_number|sfz")


def all_fields(descriptor: Descriptor, prefix: str = "") -> list[tuple[str, FieldDescriptor]]:
    """Every field of a message and of the messages it holds, by dotted path."""
    found = []
    for field in descriptor.fields:
        path = f"{prefix}{field.name}"
        found.append((path, field))
        if field.message_type is not None:
            found.extend(all_fields(field.message_type, f"{path}."))
    return found


def test_no_event_carries_a_resident_id_number() -> None:
    for name, cls in registry.EVENT_TYPES.items():
        for path, field in all_fields(cls.DESCRIPTOR):
            assert not ID_NUMBER.search(field.name), f"{name}.{path}"


def set_fields(message: Message, prefix: str = "") -> set[str]:
    found = set()
    for field, value in message.ListFields():
        found.add(f"{prefix}{field.name}")
        if field.message_type is not None:
            found |= set_fields(value, f"{prefix}{field.name}.")
    return found


def test_samples_are_fully_populated() -> None:
    # Every field (of shared messages too) is set in at least one sample of its message, so
    # round trips cover all.
    for name, event in SAMPLES.items():
        unset = {path for path, _ in all_fields(event.DESCRIPTOR)} - set_fields(event)
        assert {path.rsplit(".", 1)[-1] for path in unset} <= {
            "revoked_on",
            "reason",
            "ended_on",
            "closed_on",
            "left_on",  # a household membership that has not ended (HouseholdMemberJoined)
        }, f"{name}: {unset}"


# --- registry: round trip and errors ----------------------------------------------------


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_round_trip_through_envelope_and_registry(name: str) -> None:
    event = SAMPLES[name]
    envelope = registry.wrap(
        event,
        producer=registry.producer_of(name),
        occurred_at=OCCURRED_AT,
        sequence=42,
        traceparent=TRACEPARENT,
        tracestate="congo=t61rcWkgMzE",
    )
    received = registry.parse_envelope(envelope.SerializeToString())

    assert received == envelope
    assert received.type == name
    assert (received.subject_type, received.subject_id) == SUBJECT_OF_SAMPLE[name]
    assert received.producer == registry.producer_of(name)
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
    event = SAMPLES["fujian.events.social_security.v1.PovertyLifted"]
    envelope = registry.wrap(
        event, producer="social-security", occurred_at=OCCURRED_AT, sequence=1, event_id="e-1"
    )
    assert envelope.event_id == "e-1"
    with pytest.raises(ValueError, match="timezone-aware"):
        registry.wrap(event, producer="social-security", occurred_at=datetime(2019, 1, 1), sequence=1)


def envelope_for(
    type_name: str,
    payload: bytes,
    subject_id: str = "p-1",
    subject_type: SubjectType.ValueType = SubjectType.SUBJECT_TYPE_PERSON,
) -> Envelope:
    return Envelope(
        event_id="00000000-0000-4000-8000-000000000000",
        type=type_name,
        subject_type=subject_type,
        subject_id=subject_id,
        producer="test",
        schema_version=1,
        payload=payload,
        sequence=1,
    )


@pytest.mark.parametrize(
    "type_name",
    [
        "fujian.events.settlement.v1.PersonDeleted",
        "fujian.events.envelope.v1.Envelope",
        "fujian.events.settlement.v1.ResidencePermit",  # a shared message, not an event
        "fujian.events.settlement.v2.PersonRegistered",
        "settlement.v1.PersonRegistered",  # the name before the re-homing (ADR 0005)
        "",
    ],
)
def test_unknown_event_type_raises(type_name: str) -> None:
    payload = SAMPLES["fujian.events.settlement.v1.PersonRegistered"].SerializeToString()
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
        registry.decode(envelope_for("fujian.events.settlement.v1.PersonRegistered", payload))
    assert info.value.event_type == "fujian.events.settlement.v1.PersonRegistered"
    assert info.value.event_id == "00000000-0000-4000-8000-000000000000"


def test_payload_of_another_person_or_without_person_raises_malformed_event() -> None:
    hukou = "fujian.events.settlement.v1.HukouChanged"
    payload = SAMPLES[hukou].SerializeToString()
    with pytest.raises(registry.MalformedEvent, match="person_id 'p-1' differs from subject_id 'p-2'"):
        registry.decode(envelope_for(hukou, payload, subject_id="p-2"))
    with pytest.raises(registry.MalformedEvent, match="no person_id"):
        registry.decode(envelope_for(hukou, b""))


def test_a_subject_inside_a_shared_message_is_checked_too() -> None:
    revoked = "fujian.events.settlement.v1.ResidencePermitRevoked"
    payload = SAMPLES[revoked].SerializeToString()
    assert registry.decode(envelope_for(revoked, payload)) == SAMPLES[revoked]
    with pytest.raises(registry.MalformedEvent, match=r"permit\.person_id 'p-1' differs"):
        registry.decode(envelope_for(revoked, payload, subject_id="p-2"))
    without = settlement.ResidencePermitRevoked(permit=settlement.ResidencePermit(permit_id="rp-1"))
    with pytest.raises(registry.MalformedEvent, match=r"no permit\.person_id"):
        registry.wrap(without, producer="settlement", occurred_at=OCCURRED_AT, sequence=1)


def test_an_envelope_naming_another_kind_of_subject_raises_malformed_event() -> None:
    quota = "fujian.events.testing.v1.RegionQuotaSet"
    payload = SAMPLES[quota].SerializeToString()
    assert (
        registry.decode(envelope_for(quota, payload, "350102", SubjectType.SUBJECT_TYPE_REGION))
        == SAMPLES[quota]
    )
    # The same id, but claimed to be a person's: the envelope would mislead routing.
    with pytest.raises(
        registry.MalformedEvent, match="subject_type 'person' differs from the event's 'region'"
    ):
        registry.decode(envelope_for(quota, payload, "350102", SubjectType.SUBJECT_TYPE_PERSON))
    with pytest.raises(registry.MalformedEvent, match="no region_code"):
        registry.wrap(
            testing.RegionQuotaSet(places=1, version=1),
            producer="testing",
            occurred_at=OCCURRED_AT,
            sequence=1,
        )


def test_subject_types_have_short_stable_names() -> None:
    assert registry.subject_type_name(SubjectType.SUBJECT_TYPE_PERSON) == "person"
    assert registry.subject_type_name(SubjectType.SUBJECT_TYPE_RULES_VERSION) == "rules_version"
    assert registry.subject_type_name(99) == "unknown_99"  # type: ignore[arg-type]  # from a newer producer


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
    assert registry.schema_version("fujian.events.settlement.v1.PersonRegistered") == 1
    assert registry.schema_version("fujian.events.social_security.v12.PovertyLifted") == 12
    with pytest.raises(registry.UnknownEventType):
        registry.schema_version("PersonRegistered")


def test_breaking_check_catches_a_break_already_committed_on_main(proto_repo: Path) -> None:
    # CI runs on a clone of main that already holds the change under test: comparing
    # with main alone would compare the change with itself. Every committed version counts.
    git(proto_repo, "add", "proto")
    git(proto_repo, "commit", "-q", "-m", "contracts")
    events = proto_repo / "proto" / "fujian" / "events" / "social_security" / "v1" / "events.proto"
    events.write_text(events.read_text().replace("string lifted_on = 3;", "string lifted_on = 9;"))
    git(proto_repo, "commit", "-q", "-am", "renumber a field (breaking)")
    result = check_breaking(proto_repo)
    assert result.returncode != 0
    assert "PovertyLifted" in result.stdout + result.stderr


def test_the_contracts_history_starts_at_the_rehoming_under_proto_fujian(proto_repo: Path) -> None:
    # ADR 0005: versions of proto/ from before proto/fujian/ (packages `<dept>.v1`, never
    # deployed) are not compared, so re-homing every file is not a break; every version
    # since is, so a break after the re-homing is still caught.
    rehomed = proto_repo / "rehomed"
    (proto_repo / "proto" / "fujian").rename(rehomed)
    old = proto_repo / "proto" / "settlement" / "v1" / "events.proto"
    old.parent.mkdir(parents=True)
    old.write_text(
        'syntax = "proto3";\npackage settlement.v1;\n// A person.\nmessage PersonRegistered {\n'
        "  // Id.\n  string person_id = 1;\n}\n"
    )
    git(proto_repo, "add", "proto")
    git(proto_repo, "commit", "-q", "-m", "contracts before the re-homing")
    shutil.rmtree(proto_repo / "proto" / "settlement")
    rehomed.rename(proto_repo / "proto" / "fujian")

    first = check_breaking(proto_repo)  # the re-homing itself, not committed yet
    assert first.returncode == 0, first.stdout + first.stderr
    assert "from before proto/fujian/" in first.stdout
    assert "SKIPPED, 'main' has no proto/fujian/ yet" in first.stdout

    git(proto_repo, "add", "-A", "proto")
    git(proto_repo, "commit", "-q", "-m", "re-home the contracts under proto/fujian")
    rehoming = check_breaking(proto_repo)
    assert rehoming.returncode == 0, rehoming.stdout + rehoming.stderr
    assert "no breaking change against" in rehoming.stdout

    events = proto_repo / "proto" / "fujian" / "events" / "social_security" / "v1" / "events.proto"
    events.write_text(events.read_text().replace("string lifted_on = 3;", "string lifted_on = 9;"))
    renumbered = check_breaking(proto_repo)
    assert renumbered.returncode != 0
    assert "PovertyLifted" in renumbered.stdout + renumbered.stderr
