# syntax=docker/dockerfile:1
# Build stage: resolve and build every wheel, the spaCy model included, against the lock.
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml constraints.txt README.md ./
COPY service ./service
COPY schemas ./schemas
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --upgrade pip \
 && /opt/venv/bin/pip install -c constraints.txt .

# Runtime stage: the virtualenv only, run as an unprivileged user.
FROM python:3.11-slim AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    QUOTES_HOST=0.0.0.0 \
    QUOTES_PORT=8000 \
    QUOTES_VAR_DIR=/data
RUN useradd --system --uid 10001 --home-dir /app quotes \
 && mkdir -p /app /data && chown quotes /data
COPY --from=build /opt/venv /opt/venv
COPY gunicorn.conf.py /app/
WORKDIR /app
USER quotes
VOLUME ["/data"]
EXPOSE 8000
# The probe follows QUOTES_PORT, so a container run on another port is still checked.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD python -c "import os,sys,urllib.request; port = os.environ.get('QUOTES_PORT', '8000'); sys.exit(urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=4).status != 200)"
# The same start as `make run`: migrate, then gunicorn with the model loaded before forking.
CMD ["quotes", "serve"]
