# syntax=docker/dockerfile:1
# TraceTrack: the server binary (and, once frontend/ exists, the SPA it serves) in one small image.
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
# frontend/ arrives with the SPA issue; its stage (node:20, npm ci, npm run build, copied to
# /app/frontend/dist and served via TRACETRACK_STATIC_DIR) is added with it.

# ---- the runtime -----------------------------------------------------------------------
FROM debian:bookworm-slim
# curl is for the health check only.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --no-create-home --shell /usr/sbin/nologin tracetrack
WORKDIR /app
COPY --from=server /usr/local/bin/tracetrack /app/tracetrack
USER tracetrack
ENV TRACETRACK_ADDR=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/health/live || exit 1
ENTRYPOINT ["/app/tracetrack"]
CMD ["serve"]
