// SPDX-License-Identifier: Apache-2.0
// Renders ZPL II to PNG with zpl-renderer-js (zebrash, a ZPL renderer
// written independently of libdpp, compiled to WebAssembly; no network).
//   node zpl_render.cjs LABELS.zpl WIDTH_MM HEIGHT_MM DOTS_PER_MM OUT_PREFIX
// writes OUT_PREFIX-1.png, -2.png, ... (one per ^XA..^XZ label) and prints
// their number.
"use strict";
const fs = require("fs");
const { ready } = require("zpl-renderer-js");

(async () => {
  const [file, w, h, dpmm, prefix] = process.argv.slice(2);
  const zpl = fs.readFileSync(file, "utf8");
  const { api } = await ready;
  const labels = await api.zplToBase64MultipleAsync(zpl, Number(w), Number(h), Number(dpmm));
  labels.forEach((b64, i) => fs.writeFileSync(`${prefix}-${i + 1}.png`, Buffer.from(b64, "base64")));
  console.log(labels.length);
  process.exit(0);
})().catch((e) => {
  console.error(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
