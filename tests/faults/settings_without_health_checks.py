"""Production settings with CONN_HEALTH_CHECKS off: the control of the PostgreSQL
restart test, showing that the restart it makes does break a persistent connection."""

from loti.settings.production import *  # noqa: F403
from loti.settings.production import DATABASES

DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
