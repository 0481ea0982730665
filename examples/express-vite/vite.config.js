import assetmap from '@assetmap/plugin/vite'
import { defineConfig } from 'vite'

export default defineConfig({
  build: {
    outDir: 'dist/static',
    assetsInlineLimit: 0,
    rollupOptions: { input: ['src/main.ts', 'src/admin.ts', 'src/styles/print.css'] },
  },
  // `static/` holds files only templates use (img/badge.svg, robots.txt): hashed into the same manifest.
  // `compress` writes .br/.gz variants that @assetmap/serve sends to browsers that accept them.
  // `refresh`: editing a server template reloads the page while `npm run dev` runs.
  plugins: [assetmap({ static: ['static'], compress: true, refresh: ['views/**/*.njk'] })],
})
