/** What the studio plane serves while `dist/studio/index.html` does not exist. */

export const NOT_BUILT_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cerulean studio</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  main { max-width: 40rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5; }
  code { font-size: 1.05em; }
</style>
</head>
<body>
<main>
<h1>Cerulean studio has not been built</h1>
<p>The platform is running, but the studio's files are missing from <code>dist/studio/</code>.</p>
<p>Build them with <code>npm run build:studio</code> (<code>npm ci</code> and <code>npm start</code> do it for you), then reload this page.</p>
</main>
</body>
</html>
`;
