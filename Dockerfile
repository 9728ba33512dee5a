# syntax=docker/dockerfile:1
# TraceTrack: the server binary and the SPA it serves, in one small image.
#   docker build -t tracetrack .      (docker-compose.yml runs it with PostgreSQL and Redis)

# ---- the server ------------------------------------------------------------------------
FROM rust:1-bookworm AS server
WORKDIR /src
# Only what the crates build from. Migrations are embedded at compile time by
# sqlx::migrate!, and SQLX_OFFLINE makes the query macros check against the committed
# .sqlx/ data, so the build needs no database.
COPY Cargo.toml Cargo.lock ./
COPY crates ./crates
COPY migrations ./migrations
COPY .sqlx ./.sqlx
ENV SQLX_OFFLINE=true
# The caches keep downloaded crates and compiled dependencies between builds; the binary
# is copied out of the cached target/ within the same step.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p tracetrack-server \
    && cp target/release/tracetrack /usr/local/bin/tracetrack

# ---- the SPA ---------------------------------------------------------------------------
FROM node:20-bookworm-slim AS spa
# The same npm major as on the development machines, which write package-lock.json: with
# the npm 10 bundled with Node 20, current Vite releases have been seen not to install.
RUN npm install -g npm@11
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY frontend ./
# The committed OpenAPI document, at the same relative place as in the repository, for a
# build that generates its API types from it.
COPY openapi /src/openapi
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
