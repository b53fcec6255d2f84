"""HTML forms of the cases app, one module per area: ``complaints`` (filing and the
secretary's registration), ``follow_up`` (receipt code, messages, withdrawal,
appeal), ``committee`` (the workflow's steps and the case page), ``evidence`` (what
the respondent may see), ``respondent`` (the reply), ``memberships`` (the committee's
members page) and ``filters`` (the lists, shared with the API). They parse and check
input; the services decide."""

from .committee import *  # noqa: F403
from .common import *  # noqa: F403
from .complaints import *  # noqa: F403
from .evidence import *  # noqa: F403
from .filters import *  # noqa: F403
from .follow_up import *  # noqa: F403
from .memberships import *  # noqa: F403
from .messages import *  # noqa: F403
from .respondent import *  # noqa: F403
