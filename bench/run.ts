import { authBench } from './suites/auth.js';
import { ticketsBench } from './suites/tickets.js';

/**
 * `npm run bench [-- suite …]`: runs the named suites (all by default) and
 * prints one JSON object per suite; the last line is all figures together.
 */
const SUITES: Record<string, () => Promise<Record<string, number>>> = {
  auth: authBench,
  tickets: ticketsBench,
};

const wanted = process.argv.slice(2).filter((a) => a !== '--');
const names = wanted.length ? wanted : Object.keys(SUITES);
const unknown = names.filter((n) => !SUITES[n]);
if (unknown.length) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}

const all: Record<string, number | string> = { machine_cores: (await import('node:os')).cpus().length, node: process.version };
for (const name of names) {
  const figures = await SUITES[name]!();
  console.log(JSON.stringify({ suite: name, ...figures }));
  Object.assign(all, figures);
}
console.log(JSON.stringify(all));
