# syntax=docker/dockerfile:1
#
# tencentcloud-scan-exporter image.
#
#   docker build -t tencentcloud-scan-exporter .
#   docker run --rm --init -p 127.0.0.1:9496:9496 tencentcloud-scan-exporter --demo
#
# Credentials, without baking them into the image:
#   - environment: -e TENCENTCLOUD_SECRET_ID -e TENCENTCLOUD_SECRET_KEY (optionally
#     TENCENTCLOUD_SESSION_TOKEN); with no --config.file one account `default` is built from
#     the standard chain (environment, profile file, CVM role, TKE OIDC);
#   - files: mount a config with `secret_id_file` / `secret_key_file` and the secrets read-only,
#     e.g. -v ./config.yaml:/etc/tencentcloud-scan-exporter/config.yaml:ro
#          -v ./secrets:/run/secrets/tencentcloud:ro
#     then pass --config.file=/etc/tencentcloud-scan-exporter/config.yaml.
# Everything after the image name is passed to the exporter as flags (exec-form ENTRYPOINT).

# Base: the current Node LTS line on Debian 12 slim. The tag is pinned to the LTS major (never
# `latest`) so rebuilds pick up security patches but not a new major; pin a digest for bit-for-bit
# reproducible builds.

# ---- build: dev dependencies + TypeScript compile ----------------------------------------------
FROM node:24-bookworm-slim AS build
WORKDIR /app
# Manifests first so the dependency layer is cached across source-only changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/write-build-info.mjs ./scripts/
COPY src ./src
# The context has no .git: the revision and date for --version and build_info come from the build
# args (docker build --build-arg REVISION=$(git rev-parse HEAD) --build-arg CREATED=$(date -u +%FT%TZ));
# without them the revision is `unknown` and the date is the build time.
ARG REVISION=unknown
ARG CREATED
RUN BUILD_REVISION="${REVISION}" BUILD_DATE="${CREATED}" npm run build

# ---- runtime: production dependencies + compiled output only -----------------------------------
FROM node:24-bookworm-slim AS runtime

ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="tencentcloud-scan-exporter" \
      org.opencontainers.image.description="Prometheus exporter for Tencent Cloud security scan status (TCSS image scans, CWP host scans)" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/tencentcloud-scan-exporter/tencentcloud-scan-exporter" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="docker.io/library/node:24-bookworm-slim"

# No NODE_OPTIONS heap flag: the exporter bounds its own V8 heap from the number of accounts
# (src/exporter/heap-bound.ts; README "Performance"). A NODE_OPTIONS bound, if set, wins.
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Served at /runbook, where the alerts' runbook_url points by default.
COPY docs/runbook.md ./docs/runbook.md

# Files stay root-owned: the exporter only reads them, and a compromised process cannot rewrite them.
USER node
EXPOSE 9496

# fetch is built into Node, so the slim image needs neither curl nor wget. Override HEALTHCHECK_URL
# when the listen address changes; with basic auth or TLS in --web.config.file, disable this check
# (--no-healthcheck) or point it at a URL the probe can reach.
ENV HEALTHCHECK_URL=http://127.0.0.1:9496/-/healthy
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.HEALTHCHECK_URL,{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

ENTRYPOINT ["node", "dist/main.js"]
