"""ASGI entry point, for servers that speak ASGI. The site is deployed with gunicorn (WSGI)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_site.settings")

application = get_asgi_application()
