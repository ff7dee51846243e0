from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Sex(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SEX_UNSPECIFIED: _ClassVar[Sex]
    SEX_MALE: _ClassVar[Sex]
    SEX_FEMALE: _ClassVar[Sex]

class HukouType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    HUKOU_TYPE_UNSPECIFIED: _ClassVar[HukouType]
    HUKOU_TYPE_RURAL: _ClassVar[HukouType]
    HUKOU_TYPE_URBAN: _ClassVar[HukouType]
SEX_UNSPECIFIED: Sex
SEX_MALE: Sex
SEX_FEMALE: Sex
HUKOU_TYPE_UNSPECIFIED: HukouType
HUKOU_TYPE_RURAL: HukouType
HUKOU_TYPE_URBAN: HukouType

class PersonRegistered(_message.Message):
    __slots__ = ("person_id", "name", "birth_date", "sex", "version")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    SEX_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    name: str
    birth_date: str
    sex: Sex
    version: int
    def __init__(self, person_id: _Optional[str] = ..., name: _Optional[str] = ..., birth_date: _Optional[str] = ..., sex: _Optional[_Union[Sex, str]] = ..., version: _Optional[int] = ...) -> None: ...

class HukouChanged(_message.Message):
    __slots__ = ("person_id", "hukou_type", "region_code", "recorded_on", "version")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    HUKOU_TYPE_FIELD_NUMBER: _ClassVar[int]
    REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    RECORDED_ON_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    hukou_type: HukouType
    region_code: str
    recorded_on: str
    version: int
    def __init__(self, person_id: _Optional[str] = ..., hukou_type: _Optional[_Union[HukouType, str]] = ..., region_code: _Optional[str] = ..., recorded_on: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class ResidencePermitIssued(_message.Message):
    __slots__ = ("permit_id", "person_id", "city_code", "issued_on", "valid_until", "revoked_on", "reason", "version")
    PERMIT_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    CITY_CODE_FIELD_NUMBER: _ClassVar[int]
    ISSUED_ON_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    REVOKED_ON_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    permit_id: str
    person_id: str
    city_code: str
    issued_on: str
    valid_until: str
    revoked_on: str
    reason: str
    version: int
    def __init__(self, permit_id: _Optional[str] = ..., person_id: _Optional[str] = ..., city_code: _Optional[str] = ..., issued_on: _Optional[str] = ..., valid_until: _Optional[str] = ..., revoked_on: _Optional[str] = ..., reason: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class ResidencePermitRenewed(_message.Message):
    __slots__ = ("permit_id", "person_id", "city_code", "issued_on", "valid_until", "revoked_on", "reason", "version")
    PERMIT_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    CITY_CODE_FIELD_NUMBER: _ClassVar[int]
    ISSUED_ON_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    REVOKED_ON_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    permit_id: str
    person_id: str
    city_code: str
    issued_on: str
    valid_until: str
    revoked_on: str
    reason: str
    version: int
    def __init__(self, permit_id: _Optional[str] = ..., person_id: _Optional[str] = ..., city_code: _Optional[str] = ..., issued_on: _Optional[str] = ..., valid_until: _Optional[str] = ..., revoked_on: _Optional[str] = ..., reason: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class ResidencePermitRevoked(_message.Message):
    __slots__ = ("permit_id", "person_id", "city_code", "issued_on", "valid_until", "revoked_on", "reason", "version")
    PERMIT_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    CITY_CODE_FIELD_NUMBER: _ClassVar[int]
    ISSUED_ON_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    REVOKED_ON_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    permit_id: str
    person_id: str
    city_code: str
    issued_on: str
    valid_until: str
    revoked_on: str
    reason: str
    version: int
    def __init__(self, permit_id: _Optional[str] = ..., person_id: _Optional[str] = ..., city_code: _Optional[str] = ..., issued_on: _Optional[str] = ..., valid_until: _Optional[str] = ..., revoked_on: _Optional[str] = ..., reason: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class ResidencePermitExpired(_message.Message):
    __slots__ = ("permit_id", "person_id", "city_code", "issued_on", "valid_until", "revoked_on", "reason", "version")
    PERMIT_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    CITY_CODE_FIELD_NUMBER: _ClassVar[int]
    ISSUED_ON_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    REVOKED_ON_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    permit_id: str
    person_id: str
    city_code: str
    issued_on: str
    valid_until: str
    revoked_on: str
    reason: str
    version: int
    def __init__(self, permit_id: _Optional[str] = ..., person_id: _Optional[str] = ..., city_code: _Optional[str] = ..., issued_on: _Optional[str] = ..., valid_until: _Optional[str] = ..., revoked_on: _Optional[str] = ..., reason: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class ResidencePeriodRecorded(_message.Message):
    __slots__ = ("period_id", "person_id", "city_code", "started_on", "ended_on", "version")
    PERIOD_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    CITY_CODE_FIELD_NUMBER: _ClassVar[int]
    STARTED_ON_FIELD_NUMBER: _ClassVar[int]
    ENDED_ON_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    period_id: str
    person_id: str
    city_code: str
    started_on: str
    ended_on: str
    version: int
    def __init__(self, period_id: _Optional[str] = ..., person_id: _Optional[str] = ..., city_code: _Optional[str] = ..., started_on: _Optional[str] = ..., ended_on: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...
