# syntax=docker/dockerfile:1
# TraceTrack: the server binary and the SPA it serves, in one small image.
#   docker build -t tracetrack .      (docker-compose.yml runs three of it behind Caddy)
#
# No container engine runs in CI: scripts/check-image-context reproduces the server stage's
# COPY set below (through .dockerignore) and checks it is a complete Cargo workspace whose
# locked dependencies this Rust version can build. Keep the COPY lines plain for it.

# Rust: the locked dependencies need 1.89 (actix-web 4.18, zip 9.8, uuid 1.29), above the
# workspace's rust-version 1.88; 1.95 is the toolchain the test machine builds with.
ARG RUST_VERSION=1.95
# Node.js 24: an LTS line, supported until April 2028 (Node 20 is not). It ships npm 11.
ARG NODE_VERSION=24
# One Debian release for every stage, so the binary meets the glibc it was linked against.
ARG DEBIAN_RELEASE=trixie

# ---- the server ------------------------------------------------------------------------
FROM rust:${RUST_VERSION}-${DEBIAN_RELEASE} AS server
WORKDIR /src
# A complete workspace: every member the root Cargo.toml lists (loadtest included, or cargo
# refuses to load the workspace), the lock file, and the migrations that sqlx::migrate!
# embeds at compile time (so the build needs no database). loadtest is only loaded, not built.
COPY Cargo.toml Cargo.lock ./
COPY crates ./crates
COPY migrations ./migrations
COPY loadtest/Cargo.toml ./loadtest/Cargo.toml
COPY loadtest/src ./loadtest/src
# The caches keep downloaded crates and compiled dependencies between builds; the binary is
# copied out of the cached target/ within the same step.
RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    --mount=type=cache,target=/src/target,sharing=locked \
    cargo build --release --locked -p tracetrack-server --bin tracetrack \
    && cp target/release/tracetrack /usr/local/bin/tracetrack

# ---- the SPA ---------------------------------------------------------------------------
FROM node:${NODE_VERSION}-${DEBIAN_RELEASE}-slim AS spa
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund
# The frontend's gen:api script reads ../openapi/openapi.json; the generated client
# (src/lib/api/schema.d.ts) is committed, so the build itself only type-checks against it.
COPY openapi /src/openapi
COPY frontend ./
RUN npm run build

# ---- the runtime -----------------------------------------------------------------------
FROM debian:${DEBIAN_RELEASE}-slim AS runtime
# ca-certificates only: the health probe below is a bash script (bash is part of every
# Debian image), so the image needs no curl.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --user-group --uid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin tracetrack
WORKDIR /app
COPY --from=server /usr/local/bin/tracetrack /app/tracetrack
COPY --from=spa /src/frontend/dist /app/frontend/dist
USER tracetrack:tracetrack
ENV TRACETRACK_ADDR=0.0.0.0:8080 \
    TRACETRACK_STATIC_DIR=/app/frontend/dist
EXPOSE 8080
# The server lets requests in flight finish for 30 s after SIGTERM. An image cannot set the
# stop timeout: give it 40 s (`docker run --stop-timeout 40`; compose: stop_grace_period: 40s).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["/app/tracetrack", "healthcheck"]
ENTRYPOINT ["/app/tracetrack"]
CMD ["serve"]
