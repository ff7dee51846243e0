from servicekit.serve import run
from social_security.app import SPEC

run("social_security.app:create", default_port=SPEC.default_port)
