from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class PovertyRegistered(_message.Message):
    __slots__ = ("registration_id", "person_id", "household_number", "registered_on", "version")
    REGISTRATION_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    HOUSEHOLD_NUMBER_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_ON_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    registration_id: str
    person_id: str
    household_number: str
    registered_on: str
    version: int
    def __init__(self, registration_id: _Optional[str] = ..., person_id: _Optional[str] = ..., household_number: _Optional[str] = ..., registered_on: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class PovertyLifted(_message.Message):
    __slots__ = ("registration_id", "person_id", "lifted_on", "version")
    REGISTRATION_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    LIFTED_ON_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    registration_id: str
    person_id: str
    lifted_on: str
    version: int
    def __init__(self, registration_id: _Optional[str] = ..., person_id: _Optional[str] = ..., lifted_on: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...
