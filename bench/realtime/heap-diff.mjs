#!/usr/bin/env node
// What a number of connections added to the gateway's heap, by kind of object: the difference between two V8 heap
// snapshots (bench/realtime/run.mjs --only idle-memory --heap-snapshots <dir>), in self bytes and objects, per
// connection, largest first.
//   node bench/realtime/heap-diff.mjs <before.heapsnapshot> <with.heapsnapshot> --per 10000 [--top 30]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { per: { type: 'string', default: '1' }, top: { type: 'string', default: '30' } },
});
if (positionals.length !== 2) {
  console.error(
    'usage: heap-diff.mjs <before.heapsnapshot> <with.heapsnapshot> --per <connections> [--top n]',
  );
  process.exit(2);
}

/** Self bytes and object count by "type name" (an object's constructor, a closure's function, strings...). */
function totals(path) {
  const { snapshot, nodes, strings } = JSON.parse(readFileSync(path, 'utf8'));
  const fields = snapshot.meta.node_fields;
  const types = snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field));
  const byKind = new Map();
  for (let index = 0; index < nodes.length; index += fields.length) {
    const type = types[nodes[index + typeAt]];
    const name = ['string', 'concatenated string', 'sliced string', 'number'].includes(type)
      ? ''
      : strings[nodes[index + nameAt]].slice(0, 60);
    const kind = `${type} ${name}`.trim();
    const entry = byKind.get(kind) ?? { bytes: 0, count: 0 };
    entry.bytes += nodes[index + sizeAt];
    entry.count += 1;
    byKind.set(kind, entry);
  }
  return byKind;
}

const before = totals(positionals[0]);
const after = totals(positionals[1]);
const per = Number(values.per);
const rows = [...after].map(([kind, entry]) => {
  const old = before.get(kind) ?? { bytes: 0, count: 0 };
  return { kind, bytes: (entry.bytes - old.bytes) / per, count: (entry.count - old.count) / per };
});
rows.sort((a, b) => b.bytes - a.bytes);
const total = rows.reduce((sum, row) => sum + row.bytes, 0);
console.log(`heap self bytes added per unit (--per ${per}): ${total.toFixed(0)}`);
for (const row of rows.slice(0, Number(values.top))) {
  console.log(
    `${row.bytes.toFixed(0).padStart(7)} B ${row.count.toFixed(2).padStart(6)} objects  ${row.kind}`,
  );
}
