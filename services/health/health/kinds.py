"""The enumerations of health's records (stored as their names)."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="A cover besides basic medical insurance (clause 八).")
class MedicalCover(Enum):
    CRITICAL_ILLNESS = strawberry.enum_value(
        "CRITICAL_ILLNESS", description="大病保险 (critical-illness insurance)."
    )
    MEDICAL_ASSISTANCE = strawberry.enum_value(
        "MEDICAL_ASSISTANCE", description="医疗救助 (medical assistance)."
    )
    PRECISION_POVERTY = strawberry.enum_value(
        "PRECISION_POVERTY",
        description="精准扶贫医疗叠加保险 (supplementary 'precision poverty' medical insurance).",
    )


@strawberry.enum(
    description="A chronic disease managed under a family-doctor contract (慢病签约管理, clause 七)."
)
class ChronicDisease(Enum):
    HYPERTENSION = strawberry.enum_value("HYPERTENSION", description="高血压 (hypertension).")
    DIABETES = strawberry.enum_value("DIABETES", description="2型糖尿病 (type 2 diabetes).")
    TUBERCULOSIS = strawberry.enum_value("TUBERCULOSIS", description="结核病 (tuberculosis).")
    SEVERE_MENTAL_DISORDER = strawberry.enum_value(
        "SEVERE_MENTAL_DISORDER", description="严重精神障碍 (severe mental disorder)."
    )
    OTHER = strawberry.enum_value("OTHER", description="Another chronic disease under contract management.")
