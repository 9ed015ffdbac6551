"""Domain models, one module per aggregate."""

from .audit import AccessEvent as AccessEvent
from .audit import AccessLogChain as AccessLogChain
from .boekstart import BoekStartSession as BoekStartSession
from .boekstart import Contact as Contact
from .boekstart import Location as Location
from .boekstart import Voucher as Voucher
from .consent import Consent as Consent
from .family import Caregiver as Caregiver
from .family import Child as Child
from .family import Family as Family
from .family import FamilyGroupObjectPermission as FamilyGroupObjectPermission
from .family import FamilyUserObjectPermission as FamilyUserObjectPermission
