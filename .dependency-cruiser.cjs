/**
 * The layers of src/ (see README "How it works"): a folder may import from itself and from the folders
 * below it, never from a folder above it or beside it; no file may be part of an import cycle.
 * `npm run deps` checks it, and `npm test` runs that.
 */
const LAYERS = [
  ['nestjs'], // optional integration, on top of the public API
  ['index.ts'], // the public exports
  ['building'], // SequenceQueryBuilder (the facade), sequenceOf
  ['pagination'], // cursors, paginate
  ['execution'], // run statements, hydrate, count, stream, write, explain
  ['planning'], // plans, sort plan, key query, seek, carried columns, branch SQL
  ['filtering', 'ordering'], // per-member conditions and orders
  ['dialect'], // one object per database
  ['model', 'combining'], // shared types and state; builder unions
  ['registration', 'metadata'], // @Sequenced; paths, names, argument checks
  ['typeorm'], // the one boundary to TypeORM's non-public members
  ['util'], // small generic helpers
  ['errors'], // the error classes
];

const folder = (name) => (name.endsWith('.ts') ? `^src/${name.replace('.', '[.]')}$` : `^src/${name}/`);

const forbidden = [
  {
    name: 'no-circular',
    comment: 'An import cycle between files of src/.',
    severity: 'error',
    from: { path: '^src/' },
    to: { circular: true },
  },
];
LAYERS.forEach((level, i) => {
  const above = LAYERS.slice(0, i).flat();
  for (const name of level) {
    const beside = level.filter((other) => other !== name);
    const banned = [...above, ...beside];
    if (banned.length === 0) continue;
    forbidden.push({
      name: `layer-${name.replace('.ts', '')}`,
      comment: `src/${name} may import only from itself and the layers below it.`,
      severity: 'error',
      from: { path: folder(name) },
      to: { path: banned.map(folder) },
    });
  }
});

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
