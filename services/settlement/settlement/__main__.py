from servicekit.serve import run
from settlement.app import SPEC

run("settlement.app:create", default_port=SPEC.default_port)
