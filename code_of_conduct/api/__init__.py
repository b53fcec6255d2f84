"""Api of the code_of_conduct app, one module per area:
``versions`` (codes, versions, provisions) and ``members`` (members, acceptances)."""

from .members import *  # noqa: F403
from .versions import *  # noqa: F403
