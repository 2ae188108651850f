import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Enforces the import direction of docs/architecture.md:
// kit ← store ← engine ← connectors ← agents ← (server | mcp | cli) ← main/config/index.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const agentSrc = join(root, 'packages/agent/src');

const layers: Record<string, number> = {
  kit: 0,
  store: 1,
  engine: 2,
  connectors: 3,
  mirror: 4,
  agents: 5,
  reports: 5,
  server: 6,
  mcp: 6,
  cli: 6,
  dashboard: 6,
  demo: 7,
};
const TOP = 7;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

function layerOf(file: string): number {
  const first = relative(agentSrc, file).split(sep)[0] ?? '';
  if (first.endsWith('.ts')) return TOP;
  const layer = layers[first];
  if (layer === undefined)
    throw new Error(`packages/agent/src/${first} has no layer in architecture.test.ts`);
  return layer;
}

function imports(file: string): string[] {
  // JSDoc `@example` blocks show imports as a user writes them; only real code counts.
  const text = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g))
    found.push(m[1]!);
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found;
}

describe('architecture', () => {
  it('agent modules import only the same or a lower layer', () => {
    const violations: string[] = [];
    for (const file of sourceFiles(agentSrc)) {
      const from = layerOf(file);
      for (const spec of imports(file)) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(file, '..', spec);
        if (!target.startsWith(agentSrc)) continue;
        const to = layerOf(target);
        if (to > from) violations.push(`${relative(root, file)} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('only config.ts reads process.env in the agent', () => {
    const readers = sourceFiles(agentSrc)
      .filter((file) => /process\.env\b/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(agentSrc, file));
    expect(readers.filter((file) => file !== 'config.ts')).toEqual([]);
  });

  it('@hotpilot/hotmart imports nothing but zod and node built-ins', () => {
    const bad = sourceFiles(join(root, 'packages/hotmart/src')).flatMap((file) =>
      imports(file)
        .filter((spec) => !spec.startsWith('.') && spec !== 'zod' && !spec.startsWith('node:'))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(bad).toEqual([]);
  });

  it('the emulator never imports the agent', () => {
    const bad = sourceFiles(join(root, 'packages/emulator/src')).flatMap((file) =>
      imports(file)
        .filter((spec) => spec === 'hotpilot' || spec.includes('packages/agent'))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(bad).toEqual([]);
  });
});
