// The files `assetmap init` writes besides the server: the Vite config, a layout and a page, an entry and its stylesheet.

/** `vite.config.js`: the plugin, the build into `dist/static`, and a reload when a template changes. */
export const VITE_CONFIG = `import assetmap from '@assetmap/plugin/vite'

export default {
  build: {
    outDir: 'dist/static',
    rollupOptions: { input: ['src/main.js'] },
  },
  // \`refresh\`: saving a template reloads the page while \`npm run dev\` runs.
  plugins: [assetmap({ refresh: ['views/**/*.njk'] })],
}
`

/** `views/layout.njk`: the entry's stylesheets, preloads and script in the head. */
export const LAYOUT = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{% block title %}App{% endblock %}</title>
  {% entry 'src/main.js' %}
</head>
<body>
  {% block content %}{% endblock %}
</body>
</html>
`

/** `views/index.njk`: the page the server's `/` renders. */
export const INDEX = `{% extends 'layout.njk' %}
{% block content %}
  <h1>Hello from assetmap</h1>
{% endblock %}
`

/** `src/main.js`: the entry; its stylesheet is linked by `{% entry %}` in dev and in production. */
export const MAIN_JS = `import './main.css'

document.documentElement.dataset.ready = 'true'
`

/** `src/main.css`, imported by the entry. */
export const MAIN_CSS = `h1 {
  color: rebeccapurple;
}
`
