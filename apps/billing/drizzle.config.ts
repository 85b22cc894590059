import { defineConfig } from 'drizzle-kit';

// `npm run db:generate:billing -- <name>` turns changes of schema.ts into the next SQL migration
// under apps/billing/migrations (reviewed and committed); billing applies them at start.
export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/billing/src/database/schema.ts',
  out: './apps/billing/migrations',
});
