"""教育 Education: a department of the suite (departments.toml)."""

# The service's name: its ServiceSpec, the producer of its events and the stream they go to
# (`events.education`). Here, so that any module can import it without an import cycle.
SERVICE = "education"
