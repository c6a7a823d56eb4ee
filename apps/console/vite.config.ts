import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Staff console build. The server serves `dist/` at `/` with an SPA fallback, so `base` is '/'.
 * In development `vite` proxies `/api` to the Fastify server on port 3000 (same origin for the
 * HttpOnly session cookie).
 */
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // antd alone is ~1 MB minified; it is split into its own long-cached chunk below.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Declaration order matters: a group also takes its dependencies, so React goes first
          // (otherwise echarts-for-react would drag React into the chart chunk).
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler|cookie)[\\/]/,
            },
            {
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|dayjs)[\\/]/,
            },
            {
              name: 'echarts',
              test: /node_modules[\\/](echarts|zrender|echarts-for-react|size-sensor|tslib)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});
