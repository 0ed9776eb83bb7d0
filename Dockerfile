# syntax=docker/dockerfile:1
# One image for all six services. Each container picks its app with its command:
#   node dist/apps/<app>/apps/<app>/src/main.js
# (gateway, campaign, chat, realtime-location, media, jobs). See docker-compose.yml and k8s/.

ARG NODE_IMAGE=node:24-bookworm-slim

# --- deps: every dependency, dev ones included (the Nest CLI and TypeScript build the apps) ---
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm npm ci

# --- build: compile all apps into dist/, then drop the dev dependencies ---
FROM deps AS build
COPY . .
RUN npx nest build --all && npm prune --omit=dev

# --- runtime: compiled apps and production dependencies only, run as the unprivileged `node` user ---
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Mount points owned by `node`, so fresh named volumes mounted there are writable by the services:
# /data/media for the media service's filesystem storage, /keys and /nats for the one-shot key and NATS user
# generators (compose).
RUN mkdir -p /data/media /keys/private /keys/public /nats/config \
      /nats/seed-gateway /nats/seed-campaign /nats/seed-chat /nats/seed-realtime-location /nats/seed-media \
      /nats/seed-jobs \
    && chown -R node:node /data /keys /nats
# Root owns the application files; the service user can read them but not change them.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts ./scripts
# The NATS permissions table scripts/nats-auth.mjs reads.
COPY --from=build /app/libs/contracts/src/nats-access.json ./libs/contracts/src/nats-access.json
USER node
# gateway, campaign, chat, realtime-location, media, jobs (each reads its port from PORT)
EXPOSE 3000 3011 3012 3013 3014 3015
CMD ["node", "dist/apps/gateway/apps/gateway/src/main.js"]
