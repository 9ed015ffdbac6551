"""Domain models, one module per aggregate."""

from .audit import AccessEvent, AccessLogChain  # noqa: F401
from .consent import Consent  # noqa: F401
from .family import (  # noqa: F401
    Caregiver,
    Child,
    Family,
    FamilyGroupObjectPermission,
    FamilyUserObjectPermission,
)
from .placement import Concern, CoordinatorMeeting, Placement, Visit  # noqa: F401
from .questionnaire import (  # noqa: F401
    Answer,
    Question,
    QuestionnaireResponse,
    QuestionnaireTemplate,
)
from .volunteer import ProgrammeAgeRange, VolunteerProfile  # noqa: F401
