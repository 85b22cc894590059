import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` turns changes of schema.ts into the next SQL migration under
// apps/catalog/migrations (reviewed and committed); the app applies them at start.
export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/catalog/src/database/schema.ts',
  out: './apps/catalog/migrations',
});
