# Kring's image: one image, two roles (web and worker), the same commands as deploy/*.service.
# Not built on Kring's own machines (no container daemon there); see docs/deploy.md.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=0
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext postgresql-client libpango-1.0-0 libpangoft2-1.0-0 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /opt/kring kring

WORKDIR /opt/kring
COPY requirements.lock pyproject.toml ./
RUN python -m venv .venv && .venv/bin/pip install --no-cache-dir -r requirements.lock
COPY . .
RUN .venv/bin/pip install --no-cache-dir --no-deps -e . \
 && .venv/bin/python manage.py compilemessages --ignore=.venv -v0 \
 && SECRET_KEY=build-only DATA_KEY=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= ALLOWED_HOSTS=localhost \
    .venv/bin/python -m kring collectstatic --noinput -v0 \
 && mkdir -p var && chown -R kring:kring var

USER kring
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD .venv/bin/python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/gezond/').status != 200)"
CMD [".venv/bin/python", "-m", "kring", "serve", "--production", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
