"""WSGI entry point (waitress in ``laktasi serve``; any WSGI server in a deployment)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laktasi.web.settings")
application = get_wsgi_application()
