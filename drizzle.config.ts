import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src-main/engine/store/schema.ts',
  out: './src-main/engine/store/migrations',
});
