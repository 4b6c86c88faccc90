# Production image: gunicorn serves Django; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1

# WeasyPrint needs Pango and HarfBuzz; "Liberation Serif" (fonts-liberation2) covers Vietnamese
# and is metric-compatible with Times New Roman, the font of administrative documents.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 gettext curl \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 congvu
WORKDIR /app

COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .
COPY . .

RUN DJANGO_DEBUG=0 SECRET_KEY=build-only-collectstatic python manage.py collectstatic --noinput \
    && python manage.py compilemessages --ignore=.venv \
    && mkdir -p /app/media && chown -R congvu:congvu /app/media

USER congvu
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
