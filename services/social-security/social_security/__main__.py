from servicekit.serve import run
from social_security.app import SPEC

run(SPEC, "social_security.app:create")
