import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    // In development the page and the API must share an origin, as they do in production.
    proxy: {
      '/cubejs-api': 'http://localhost:4000',
      '/api': 'http://localhost:4000',
    },
  },
});
