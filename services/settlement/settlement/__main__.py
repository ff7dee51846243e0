from servicekit.serve import run
from settlement.app import SPEC

run(SPEC, "settlement.app:create")
