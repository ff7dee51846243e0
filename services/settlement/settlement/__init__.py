"""Settlement: Person identity, hukou, residence permits and history (clauses 十四–十六)."""

# The service's name: its ServiceSpec, the producer of its events and the stream they go to
# (`events.settlement`). Here, like social_security.SERVICE, so that any module can import
# it without an import cycle.
SERVICE = "settlement"
