# syntax=docker/dockerfile:1
# TraceTrack: the server binary and the SPA it serves, in one small image.
#   docker build -t tracetrack .      (docker-compose.yml runs it with PostgreSQL and Redis)

# ---- the server ------------------------------------------------------------------------
FROM rust:1-bookworm AS server
WORKDIR /src
# Only what the crates build from. Migrations are embedded at compile time by
# sqlx::migrate!, so the build needs no database.
COPY Cargo.toml Cargo.lock ./
COPY crates ./crates
COPY migrations ./migrations
# The caches keep downloaded crates and compiled dependencies between builds; the binary
# is copied out of the cached target/ within the same step.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p tracetrack-server \
    && cp target/release/tracetrack /usr/local/bin/tracetrack

# ---- the SPA ---------------------------------------------------------------------------
FROM node:20-bookworm-slim AS spa
# npm 11 rather than the npm 10 that comes with Node 20.
RUN npm install -g npm@11
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci
# The frontend's gen:api script reads ../openapi/openapi.json; the generated client
# (src/lib/api/schema.d.ts) is committed, so the build itself only type-checks against it.
COPY openapi /src/openapi
COPY frontend ./
RUN npm run build

# ---- the runtime -----------------------------------------------------------------------
FROM debian:bookworm-slim
# curl is for the health check only.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --no-create-home --shell /usr/sbin/nologin tracetrack
WORKDIR /app
COPY --from=server /usr/local/bin/tracetrack /app/tracetrack
COPY --from=spa /src/frontend/dist /app/frontend/dist
USER tracetrack
ENV TRACETRACK_ADDR=0.0.0.0:8080 \
    TRACETRACK_STATIC_DIR=/app/frontend/dist
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/health/live || exit 1
ENTRYPOINT ["/app/tracetrack"]
CMD ["serve"]
