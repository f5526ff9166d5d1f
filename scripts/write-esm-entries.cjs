#!/usr/bin/env node
/*
 * ES module entry points over the CommonJS build. Both module systems then share one copy of the
 * package (one @Sequenced registry): `import` gets the same objects `require` gets.
 */
const fs = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist');
const entries = [
  { esm: 'index.mjs', cjs: './cjs/index.js' },
  { esm: 'nestjs.mjs', cjs: './cjs/nestjs/index.js' },
];

fs.mkdirSync(path.join(dist, 'esm'), { recursive: true });
for (const { esm, cjs } of entries) {
  const names = Object.keys(require(path.join(dist, cjs))).filter(
    (n) => n !== 'default' && n !== '__esModule',
  );
  const source =
    `import cjs from '.${cjs}';\n` +
    `export const { ${names.join(', ')} } = cjs;\n` +
    `export default cjs;\n`;
  fs.writeFileSync(path.join(dist, 'esm', esm), source);
  console.log(`dist/esm/${esm}: ${names.length} exports`);
}
