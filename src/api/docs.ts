import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

interface Asset {
  type: string;
  body: Buffer;
}

/** Only these files leave swagger-ui-dist: a fixed list, so no path from a URL reaches disk. */
const FILES: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>orderflow API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

// A separate file rather than an inline script, so the page can forbid inline scripts.
const INIT = `window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout",
});
`;

export const DOCS_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

let cache: Map<string, Asset> | undefined;

function load(): Map<string, Asset> {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve("swagger-ui-dist/package.json"));
  const assets = new Map<string, Asset>();
  for (const [name, type] of Object.entries(FILES)) {
    assets.set(name, { type, body: readFileSync(join(dir, name)) });
  }
  assets.set("", { type: "text/html; charset=utf-8", body: Buffer.from(PAGE) });
  assets.set("init.js", { type: "text/javascript; charset=utf-8", body: Buffer.from(INIT) });
  return assets;
}

/** The Swagger UI page ("") or one of its files; undefined for anything else. */
export function docsAsset(name: string): Asset | undefined {
  cache ??= load();
  return cache.get(name);
}
