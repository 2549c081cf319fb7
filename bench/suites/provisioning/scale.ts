import { envInt, seedAtScale } from '../tickets.js';

/**
 * BENCH_PROVISIONING_SEED=1: the part's database gets the tickets suite's million tickets (and their accounts and
 * services) before it measures, the scale of a provider's directory and queue. Answers the figure saying so.
 */
export async function seededIfAsked(databaseUrl: string): Promise<{ seeded_tickets?: number }> {
  if (envInt('BENCH_PROVISIONING_SEED', 0) === 0) return {};
  process.stderr.write("[provisioning] seeding the tickets suite's million tickets first\n");
  return { seeded_tickets: await seedAtScale(databaseUrl) };
}
