from health.app import SPEC
from servicekit.serve import run

run(SPEC, "health.app:create")
