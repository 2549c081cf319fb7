import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * No import cycles between modules (issue 11 point 4). ESLint keeps modules to each other's index.ts; this keeps the
 * graph of who imports whom a one-way street, so a module can be understood, tested and changed with only the modules
 * below it in mind. The graph is built from the import statements of every module's files, type-only imports
 * included (they tie a module to another's interface just the same); unit tests beside the files are left out, as they
 * are not part of the running server.
 */

const modulesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'modules');

/**
 * Cycles allowed, each written as the modules in it from its alphabetically first. Empty since issue 11 removed the
 * last one; an entry that no longer exists fails the test too, so the list never holds a cycle already broken.
 */
const KNOWN_CYCLES: string[] = [];

/** Every `from '…'`, `import '…'` and `import('…')` specifier in a file. */
function specifiers(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

/** The module a file belongs to, or undefined for a file outside apps/server/src/modules/<module>/. */
function moduleOf(file: string): string | undefined {
  const [first, ...rest] = path.relative(modulesDir, file).split(path.sep);
  return first && first !== '..' && rest.length ? first : undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Module -> the other modules its files import. */
function moduleGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(modulesDir)) {
    const from = moduleOf(file)!;
    const edges = graph.get(from) ?? graph.set(from, new Set()).get(from)!;
    for (const specifier of specifiers(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const to = moduleOf(path.resolve(path.dirname(file), specifier));
      if (to && to !== from) edges.add(to);
    }
  }
  return graph;
}

/** Every elementary cycle, each once, rotated to start at its alphabetically first module: `a -> b -> a`. */
function cycles(graph: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  const walk = (start: string, at: string, trail: string[]) => {
    for (const next of [...(graph.get(at) ?? [])].sort()) {
      if (next === start) found.push([...trail, start].join(' -> '));
      // Only through modules after `start`, so each cycle is found once, from its first module.
      else if (next > start && !trail.includes(next)) walk(start, next, [...trail, next]);
    }
  };
  for (const start of [...graph.keys()].sort()) walk(start, start, [start]);
  return found;
}

describe('module graph', () => {
  const graph = moduleGraph();

  it('sees the modules and what they import', () => {
    // A parser that found nothing would pass the cycle test below without looking.
    expect(graph.get('tickets')).toContain('sla');
    expect(graph.get('admin')).toContain('auth');
  });

  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a', 'b'])],
    ]);
    expect(cycles(graph)).toEqual(['a -> b -> c -> a', 'b -> c -> b']);
  });

  it('has no import cycles between modules but the known ones', () => {
    const found = cycles(graph);
    expect(
      found.filter((cycle) => !KNOWN_CYCLES.includes(cycle)),
      'new cycles',
    ).toEqual([]);
    expect(
      KNOWN_CYCLES.filter((cycle) => !found.includes(cycle)),
      'known cycles that are gone: drop them from the list',
    ).toEqual([]);
  });
});
