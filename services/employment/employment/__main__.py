from employment.app import SPEC
from servicekit.serve import run

run(SPEC, "employment.app:create")
