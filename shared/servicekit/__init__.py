"""The service kit: everything a department subgraph needs that is not its own domain.

A department service imports from here and copies nothing: settings, the starlette app
factory, the federation schema helper, request context and DataLoaders, migrations,
health endpoints, telemetry, errors and resident-ID handling.
"""
