from housing.app import SPEC
from servicekit.serve import run

run(SPEC, "housing.app:create")
