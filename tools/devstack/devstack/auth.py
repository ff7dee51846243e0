"""The development identity provider: an RSA key set the gateway trusts, tokens for each
role signed with it, and the secret with which the gateway signs what it sends to the
subgraphs. `make run` keeps them in `.data/auth/` and prints how to mint a token; tests
make a throwaway set. A real deployment points the gateway at its provider's JWKS instead
(docs/security.md).

    python -m devstack.auth token officer:housing        # a token for a housing officer
    python -m devstack.auth token resident --person <id> # a resident: their own record only
"""

from __future__ import annotations

import argparse
import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from devstack.topology import ROOT, departments

ISSUER = "https://auth.fujian.example/dev"
AUDIENCE = "fujian-gateway"
KEY_ID = "dev-1"

ID_NUMBER_READ = "settlement:id-number:read"
ID_NUMBER_LOOKUP = "settlement:id-number:lookup"


def role_scopes() -> dict[str, list[str]]:
    """Each role's scopes (docs/security.md has the table)."""
    names = [d.name for d in departments()]
    roles: dict[str, list[str]] = {
        # Reads every department's part, writes none: a caseworker's entitlement view.
        "caseworker": ["person:read", *(f"{n}:read" for n in names)],
        # Loads data for every department (the demo loader, the end-to-end tests); finds a
        # person by ID number to register each only once, but never sees it unmasked.
        "clerk": [
            "person:read",
            ID_NUMBER_LOOKUP,
            *(f"{n}:{a}" for n in names for a in ("read", "write")),
        ],
        "auditor": ["audit:read"],
        "sre": ["events:operate"],
        "resident": [],  # with the claim person_id: their own record only
    }
    for name in names:
        roles[f"officer:{name}"] = ["person:read", f"{name}:read", f"{name}:write"]
    roles["officer:settlement"] += [ID_NUMBER_READ, ID_NUMBER_LOOKUP]
    return roles


@dataclass(frozen=True)
class DevAuth:
    folder: Path

    @classmethod
    def at(cls, folder: Path) -> DevAuth:
        """The key set and secret in `folder`, made on first use."""
        folder.mkdir(parents=True, exist_ok=True)
        auth = cls(folder)
        if not auth.private_key_file.exists():
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            pem = key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            auth.private_key_file.write_bytes(pem)
            auth.private_key_file.chmod(0o600)
            public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
            auth.jwks_file.write_text(
                json.dumps({"keys": [{**public, "kid": KEY_ID, "use": "sig", "alg": "RS256"}]}, indent=2)
            )
        if not auth.secret_file.exists():
            auth.secret_file.write_text(secrets.token_urlsafe(32))
            auth.secret_file.chmod(0o600)
        return auth

    @property
    def private_key_file(self) -> Path:
        return self.folder / "private-key.pem"

    @property
    def jwks_file(self) -> Path:
        return self.folder / "jwks.json"

    @property
    def secret_file(self) -> Path:
        return self.folder / "gateway-secret"

    @property
    def gateway_secret(self) -> str:
        return self.secret_file.read_text().strip()

    def gateway_env(self) -> dict[str, str]:
        return {
            "JWT_JWKS_FILE": str(self.jwks_file),
            "JWT_ISSUER": ISSUER,
            "JWT_AUDIENCE": AUDIENCE,
            "GATEWAY_HMAC_SECRET": self.gateway_secret,
        }

    def subgraph_env(self) -> dict[str, str]:
        return {"GATEWAY_HMAC_SECRET": self.gateway_secret}

    def token(
        self,
        role: str,
        *,
        subject: str | None = None,
        person_id: str | None = None,
        purpose: str | None = None,
        lifetime: int = 3600,
        now: float | None = None,
        **extra: Any,
    ) -> str:
        scopes = role_scopes().get(role)
        if scopes is None:
            raise ValueError(f"no role {role!r}; roles: {', '.join(role_scopes())}")
        issued = int(now if now is not None else time.time())
        claims: dict[str, Any] = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": subject or f"dev-{role.replace(':', '-')}",
            "scope": " ".join(scopes),
            "iat": issued,
            "exp": issued + lifetime,
            **({"person_id": person_id} if person_id else {}),
            **({"purpose": purpose} if purpose else {}),
            **extra,
        }
        key = self.private_key_file.read_bytes()
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m devstack.auth", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    token = sub.add_parser("token", help="print a token for a role")
    token.add_argument("role", choices=sorted(role_scopes()))
    token.add_argument("--person", help="the resident's Person.id (role resident)")
    token.add_argument("--purpose", help="why the caller reads personal data (access log)")
    token.add_argument("--hours", type=float, default=8)
    sub.add_parser("roles", help="list the roles and their scopes")
    parser.add_argument("--data-dir", type=Path, default=ROOT / ".data")
    args = parser.parse_args(argv)
    auth = DevAuth.at(args.data_dir / "auth")
    if args.command == "roles":
        for role, scopes in role_scopes().items():
            print(f"{role:<24} {' '.join(scopes) or '(person_id claim: own record only)'}")
        return
    if args.role == "resident" and not args.person:
        parser.error("a resident's token needs --person <Person.id>")
    print(auth.token(args.role, person_id=args.person, purpose=args.purpose, lifetime=int(args.hours * 3600)))


if __name__ == "__main__":
    main()
