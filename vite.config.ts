// Builds the renderer once for both shells: Electron loads it from its custom protocol, `vouch serve`
// serves it at `/`. Relative asset paths (base './') keep it working under either origin.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const devApi = process.env.VOUCH_DEV_API ?? 'http://127.0.0.1:4317';

export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // The renderer is one screen of a desktop app; a single vendor chunk loads faster than many.
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod's sources carry /*#__PURE__*/ comments Rollup cannot place; harmless, and not ours to fix.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
  server: {
    // `npm run dev:renderer` (hot reload) proxies the API to a running `vouch serve --port 4317`; pass the
    // token it printed as VOUCH_DEV_TOKEN. The proxy presents it as a bearer token and speaks for the
    // server's own origin, which is what its session guard accepts.
    proxy: Object.fromEntries(
      ['/api', '/download'].map((route) => [
        route,
        {
          target: devApi,
          changeOrigin: true,
          headers: process.env.VOUCH_DEV_TOKEN
            ? { authorization: `Bearer ${process.env.VOUCH_DEV_TOKEN}` }
            : {},
          configure: (proxy: {
            on(
              event: 'proxyReq',
              listener: (req: { setHeader(name: string, value: string): void }) => void,
            ): void;
          }) => proxy.on('proxyReq', (req) => req.setHeader('origin', devApi)),
        },
      ]),
    ),
  },
});
