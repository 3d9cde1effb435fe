"""The Victims' Code module's models, one file per part: the agencies' quarterly returns and the
joint review (returns.py), and victims' feedback (feedback.py)."""

from crimeplan.victims_code.models.feedback import *  # noqa: F403
from crimeplan.victims_code.models.returns import *  # noqa: F403
