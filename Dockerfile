# Refleks: one image for the web and the worker role (`serve --role web|worker`).
# The TypeScript runs through tsx, as with `npm start`: there is no build step to get out of step.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
COPY package.json package-lock.json ./
# Not `npm ci`: see scripts/bootstrap.mjs (the lock holds no entries for other platforms' optional binaries).
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY . .
USER node
EXPOSE 3000
ENTRYPOINT ["node", "bin/refleks.mjs"]
CMD ["serve"]
