# syntax=docker/dockerfile:1
# One image, every role: the command chooses (newsflow worker fetch|parse|store|all, serve, ...).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY sources ./sources
COPY demo ./demo
COPY src/dashboard ./src/dashboard
USER node
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["worker", "all"]
