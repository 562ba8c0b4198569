# CivicFlow: one image for the API (with Open311) and the case worker.
#   docker build -t civicflow .
#   docker compose up            (Postgres, Temporal + UI, API, worker)

# 1. Dependencies, from the lock file only (cached until package*.json change).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# 2. Compile TypeScript to dist/ (type errors fail the build).
FROM deps AS build
COPY . .
RUN npm run build \
 # Runtime files tsc does not emit: process definitions and calendars (YAML), and the workflow
 # sources the Temporal bundler reads (here, and at worker start when no bundle is configured).
 && cp -r process-definitions/. dist/process-definitions/ \
 && cp -r workflows/. dist/workflows/ \
 # The case workflow bundle, built once from this source: workers load it (WORKFLOW_BUNDLE_PATH) and
 # start without bundling.
 && node dist/scripts/bundle-workflows.js dist/case-workflows.js

# 3. Production dependencies only.
FROM node:20-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 4. Slim runtime: compiled code and production dependencies, as the unprivileged node user.
FROM node:20-bookworm-slim AS runtime
# MALLOC_ARENA_MAX: glibc would give each of the many threads (Temporal core, workflow threads, PGlite)
# its own malloc arena; two keep ~250 MB less resident with throughput unchanged (bench/notes/open-cases.md).
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2 \
    PORT=3000 \
    DATA_DIR=/data \
    WORKFLOW_BUNDLE_PATH=/app/dist/case-workflows.js
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# The API by default; the compose file runs the worker from the same image with its own command.
CMD ["node", "dist/scripts/start.js", "--no-worker"]
