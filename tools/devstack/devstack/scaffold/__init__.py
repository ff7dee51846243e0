"""`make new-department NAME=<name>`: a working department from the kit's conventions.

The files come from `templates/` (paths and contents with __NAME__, __PACKAGE__, __CAMEL__,
__FIELD__, __TITLE__ and __PORT__ filled in); the department is appended to
departments.toml with the next free port; then the usual commands derive the rest: `uv lock`,
`make proto`, `make sdl`, `make departments`, `make compose`. Right after it, `make test`
passes with the new department in the supergraph (tests/platform/test_scaffold.py proves it
in a copy of the repository).
"""
