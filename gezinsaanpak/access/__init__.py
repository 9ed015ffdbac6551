"""Who may do what: every permission for every entity is decided in this package.

- ``roles``: the ``Capability`` enum and the one table role → capabilities.
- ``fields``: one ``FieldSet`` per entity and role (what a role may see).
- ``rules``: ``may(user, capability, obj=None)``, the question services ask.
- one module per aggregate (``families``, ``placements``, ``referrals``, ``boekstart``,
  ``audit``, ``jobs``): ``<entities>_visible_to(user)`` (one ``EXISTS``, no OR across relations),
  ``<entity>_for(user, id)`` (404 for missing *and* forbidden) and the object rules.

Nothing outside this package and ``accounts`` compares ``user.role``.
"""

from . import audit as audit
from . import boekstart as boekstart
from . import erasure as erasure
from . import families as families
from . import fields as fields
from . import imports as imports
from . import jobs as jobs
from . import placements as placements
from . import referrals as referrals
from . import reports as reports
from . import subject_requests as subject_requests
from . import team as team
from .families import (
    families_visible_to as families_visible_to,
)
from .families import (
    family_fields as family_fields,
)
from .families import (
    family_fields_many as family_fields_many,
)
from .families import (
    family_for as family_for,
)
from .families import (
    family_for_change as family_for_change,
)
from .lookup import one_or_404 as one_or_404
from .roles import Capability as Capability
from .roles import can as can
from .roles import capabilities as capabilities
from .rules import may as may
