import { authBench } from './suites/auth.js';
import { emailBench } from './suites/email.js';
import { provisioningBench } from './suites/provisioning.js';
import { sustainedBench } from './suites/sustained.js';
import { ticketsBench } from './suites/tickets.js';

/**
 * `npm run bench [-- suite …]`: runs the named suites (all by default) and
 * prints one JSON object per suite; the last line is all figures together.
 */
const SUITES: Record<string, () => Promise<Record<string, number | string>>> = {
  auth: authBench,
  tickets: ticketsBench,
  email: emailBench,
  sustained: sustainedBench,
  provisioning: provisioningBench,
};

const wanted = process.argv.slice(2).filter((a) => a !== '--');
// The sustained suite runs for 15 minutes: only when named.
const names = wanted.length ? wanted : Object.keys(SUITES).filter((n) => n !== 'sustained');
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
