# The service image: Node 24 (the newest LTS line) on Debian bookworm, production dependencies only, running as the unprivileged "node"
# user. Configuration comes from a mounted file (CDS_CONFIG) and the environment (DATABASE_URL, REDIS_URL);
# see docs/deployment.md.

FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# scripts/ first: `npm ci` runs the prepare script, which builds nothing while src/ is not there yet.
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Policy and card texts are data read at start-up; the demo pages are static files read from src/demo/public.
COPY policy ./policy
COPY cards ./cards
COPY src/demo/public ./src/demo/public
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/server.js"]
