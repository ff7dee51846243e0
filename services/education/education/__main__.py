from education.app import SPEC
from servicekit.serve import run

run(SPEC, "education.app:create")
