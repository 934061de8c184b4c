# fravaer as a container: the wheel (built in the first stage from this checkout) installed with the
# pinned versions of constraints.txt into a small Python image, run as a user without rights.
#   docker build -t fravaer .          docker compose up (compose.yaml: PostgreSQL, fravaer, nginx)
FROM python:3.13-slim AS bygning
WORKDIR /src
COPY pyproject.toml README.md constraints.txt ./
COPY wsdl wsdl
COPY schemas schemas
COPY migrations migrations
# src/fravaer/{wsdl,schemas,migrations} are links to the folders above: the wheel gets the files
COPY src src
RUN pip wheel --quiet --no-deps -w /dist .

FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/fravaer/bin:$PATH
COPY --from=bygning /dist /dist
COPY constraints.txt /tmp/constraints.txt
RUN python -m venv /opt/fravaer \
    && /opt/fravaer/bin/pip install --quiet --no-cache-dir -c /tmp/constraints.txt /dist/fravaer-*.whl \
    && rm -rf /dist /tmp/constraints.txt \
    && useradd --system --uid 10001 --home-dir /var/lib/fravaer --create-home fravaer
USER fravaer
WORKDIR /var/lib/fravaer
EXPOSE 8000
# liveness; readiness (database and schema) is /ready
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
# settings from the environment (docs/CONFIGURATION.md), gunicorn's own from GUNICORN_CMD_ARGS;
# `serve` migrates first, under a lock, so several replicas may start together
CMD ["fravaer", "serve", "--host", "0.0.0.0", "--port", "8000"]
