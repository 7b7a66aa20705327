"""WSGI entry point, used by gunicorn (see gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_site.settings")
# Settings give a web process's database statements a time limit (a patient waits).
os.environ["CLINIC_WEB_PROCESS"] = "1"

application = get_wsgi_application()
