import {
  CHANNELS_WITH_TARGETS,
  type BusinessHours,
  type Channel,
  type SlaPolicy,
  type SlaPolicyPatch,
  type TicketPriority,
} from '@centrala/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { Db } from '../../db/pool.js';
import type { Database, SlaPoliciesTable } from '../../db/schema.js';

export interface EffectivePolicy {
  firstResponseSeconds: number;
  nextResponseSeconds: number | null;
  businessHours: BusinessHours | null;
}

const FALLBACK: EffectivePolicy = { firstResponseSeconds: 600, nextResponseSeconds: 4 * 3600, businessHours: null };

/**
 * Policies are read on every ticket change, and change rarely: each node
 * keeps them for a few seconds, so an admin's edit reaches every node within
 * CACHE_MS without a round trip per ticket.
 */
const CACHE_MS = 5000;

export function slaPolicies(db: Db) {
  let cache: { at: number; rows: Promise<Selectable<SlaPoliciesTable>[]> } | undefined;
  const rows = (executor: Kysely<Database>) => {
    if (!cache || Date.now() - cache.at > CACHE_MS) {
      const loading = executor.selectFrom('sla_policies').selectAll().execute();
      cache = { at: Date.now(), rows: loading };
      loading.catch(() => (cache = undefined));
    }
    return cache.rows;
  };
  return {
    /**
     * Inside a transaction pass it as `executor`: waiting for a second pool
     * connection while holding one deadlocks a busy pool.
     */
    async for(channel: Channel, priority: TicketPriority, executor: Kysely<Database> = db): Promise<EffectivePolicy> {
      const row = (await rows(executor)).find((r) => r.channel === channel && r.priority === priority);
      if (!row) return FALLBACK;
      return {
        firstResponseSeconds: row.first_response_seconds,
        nextResponseSeconds: row.next_response_seconds,
        businessHours: (row.business_hours as BusinessHours | null) ?? null,
      };
    },
    /**
     * The policies admins see and change: those of channels whose tickets run a clock (CHANNELS_WITH_TARGETS). The
     * seeded ones of chat wait for their channel (issue 10 point 1): shown today they would be targets nothing keeps.
     */
    async list(): Promise<SlaPolicy[]> {
      return (
        await db
          .selectFrom('sla_policies')
          .selectAll()
          .where('channel', 'in', CHANNELS_WITH_TARGETS)
          .orderBy('channel')
          .orderBy('priority')
          .execute()
      ).map(present);
    },
    async update(id: string, patch: SlaPolicyPatch): Promise<SlaPolicy | undefined> {
      const changes = {
        ...(patch.firstResponseSeconds !== undefined && { first_response_seconds: patch.firstResponseSeconds }),
        ...(patch.nextResponseSeconds !== undefined && { next_response_seconds: patch.nextResponseSeconds }),
        ...(patch.businessHours !== undefined && { business_hours: patch.businessHours && JSON.stringify(patch.businessHours) }),
      };
      // A patch that changes nothing (`{}`) answers the policy as it is: an UPDATE needs something to set.
      const row = Object.keys(changes).length
        ? await db
            .updateTable('sla_policies')
            .set(changes)
            .where('id', '=', id)
            .where('channel', 'in', CHANNELS_WITH_TARGETS)
            .returningAll()
            .executeTakeFirst()
        : await db
            .selectFrom('sla_policies')
            .selectAll()
            .where('id', '=', id)
            .where('channel', 'in', CHANNELS_WITH_TARGETS)
            .executeTakeFirst();
      cache = undefined;
      return row && present(row);
    },
  };
}
export type SlaPolicies = ReturnType<typeof slaPolicies>;

function present(row: Selectable<SlaPoliciesTable>): SlaPolicy {
  return {
    id: row.id,
    channel: row.channel,
    priority: row.priority,
    firstResponseSeconds: row.first_response_seconds,
    nextResponseSeconds: row.next_response_seconds,
    businessHours: (row.business_hours as BusinessHours | null) ?? null,
  };
}
