import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeEnv } from '@shotcaller/observability';
import { SERVICE_CONFIGS } from './support/service-configs.js';

const SCHEMAS: Record<string, new () => object> = SERVICE_CONFIGS;

interface Row {
  services: string;
  defaults: string;
}

/** The README's configuration table: variable -> its services and default cells. */
function readmeTable(): Map<string, Row> {
  const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
  const section = readme.split('## Configuration')[1]?.split('\n## ')[0] ?? '';
  const rows = new Map<string, Row>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const name = /^`([A-Z0-9_]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name) rows.set(name, { services: cells[2] ?? '', defaults: cells[3] ?? '' });
  }
  return rows;
}

describe('the README configuration table', () => {
  const table = readmeTable();

  it('lists every variable a service reads, and nothing else', () => {
    const read = new Set(
      Object.values(SCHEMAS).flatMap((schema) => describeEnv(schema).map((variable) => variable.name)),
    );
    expect([...table.keys()].sort()).toEqual([...read].sort());
  });

  it.each(Object.entries(SCHEMAS))('states what %s reads and its defaults', (service, schema) => {
    for (const { name, defaultValue } of describeEnv(schema)) {
      const row = table.get(name);
      expect({ name, listed: Boolean(row) }).toEqual({ name, listed: true });
      const services =
        row!.services === 'all' ? Object.keys(SCHEMAS) : row!.services.split(',').map((item) => item.trim());
      expect({ name, service, readBy: services.includes(service) }).toEqual({ name, service, readBy: true });
      const expected =
        defaultValue === undefined ? 'required' : defaultValue === '' ? '(empty)' : defaultValue;
      expect({ name, service, default: row!.defaults.includes(expected) }).toEqual({
        name,
        service,
        default: true,
      });
    }
  });
});
