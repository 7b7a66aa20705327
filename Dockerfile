# The clinic site in a slim image, running gunicorn as an unprivileged user.
#   docker build -t clinic-site .                  (add --build-arg WITH_S3=1 for S3 media)
#   docker compose up                              (with PostgreSQL and Redis; see README)
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    MEDIA_ROOT=/app/media

WORKDIR /app
RUN groupadd --system clinic \
    && useradd --system --gid clinic --home-dir /app --no-create-home --shell /usr/sbin/nologin clinic

COPY requirements.txt requirements-s3.txt ./
ARG WITH_S3=0
RUN pip install -r requirements.txt \
    && if [ "$WITH_S3" = "1" ]; then pip install -r requirements-s3.txt; fi

COPY . .
# The translations compiled into the image with GNU gettext, which is not kept.
RUN apt-get update -qq \
    && apt-get install -y -qq --no-install-recommends gettext >/dev/null \
    && for po in locale/*/LC_MESSAGES/django.po; do msgfmt --check -o "${po%.po}.mo" "$po"; done \
    && apt-get purge -y -qq gettext >/dev/null && apt-get autoremove -y -qq >/dev/null \
    && rm -rf /var/lib/apt/lists/*
# Static files are collected into the image; the key here only lets Django load.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/media /app/.mail /app/exports \
    && chown -R clinic:clinic /app/media /app/.mail /app/exports

USER clinic
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s \
    CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
