"""Social security: poverty registration (建档立卡), dibao, insurance, assistance."""

# The service's name: its ServiceSpec, the producer of its events and the stream they go to
# (`events.social-security`). Here rather than in app.py, which imports the schema and so,
# through the resolvers, the events module that needs it too.
SERVICE = "social-security"
