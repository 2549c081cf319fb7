import {
  CHANNELS_IN_SERVICE,
  type Channel,
  type ContactMethod,
  type ContactPage,
  type SlaFigure,
  type SlaFigures,
} from '@centrala/contracts';

type ContactChannel = ContactMethod['channel'];

/** First responses of the tickets created in a window, per channel (and department when asked), as PostgreSQL counts them. */
export interface MeasuredWindow {
  channel: Channel;
  department_id: string | null;
  tickets: string;
  answered: string;
  median: number | null;
  p95: number | null;
  breach_rate: number | null;
}

/** The median first response per hour and channel. */
export interface MeasuredHour {
  hour: Date;
  channel: Channel;
  median: number | null;
  tickets: string;
}

/**
 * What the figures are measured from: the tickets' first responses, in the
 * tickets table, which the tickets module owns. It implements this
 * (modules/tickets/response-times.ts) and the composition root hands it in,
 * as sla does not import tickets.
 */
export interface ResponseTimes {
  /** Tickets created in the last `hours`. */
  window(hours: number, byDepartment: boolean): Promise<MeasuredWindow[]>;
  /** Tickets created in the last 24 hours. */
  hourly(): Promise<MeasuredHour[]>;
}

/**
 * The measured response times (R7, R16): median and p95 first response and
 * breach rate per channel and department. Breach rate counts only tickets
 * whose outcome is known (answered, or already breached).
 */
export function slaFigures(responseTimes: ResponseTimes) {
  async function window(hours: number, byDepartment: boolean): Promise<SlaFigure[]> {
    const rows = await responseTimes.window(hours, byDepartment);
    return rows.map((r) => ({
      channel: r.channel,
      departmentId: r.department_id,
      tickets: Number(r.tickets),
      answered: Number(r.answered),
      medianFirstResponseSeconds: round(r.median),
      p95FirstResponseSeconds: round(r.p95),
      breachRate: r.breach_rate === null ? null : Math.round(Number(r.breach_rate) * 10_000) / 10_000,
    }));
  }

  return {
    async dashboard(): Promise<SlaFigures> {
      const hourly = await responseTimes.hourly();
      return {
        last24h: [...(await window(24, false)), ...(await window(24, true))],
        last7d: [...(await window(24 * 7, false)), ...(await window(24 * 7, true))],
        hourly: hourly.map((h) => ({
          hour: new Date(h.hour).toISOString(),
          channel: h.channel,
          medianFirstResponseSeconds: round(h.median),
          tickets: Number(h.tickets),
        })),
      };
    },

    /**
     * R16: each channel in service with what it promises now, beside its measured median over 7 days. Email is
     * listed only with the addresses to write to: without one, the page would promise a channel nobody can reach.
     */
    async contactPage(
      promises: (channel: ContactChannel) => Promise<ContactMethod['promises']>,
      emailAddresses: () => Promise<string[]>,
    ): Promise<ContactPage> {
      const [measuredFigures, addresses] = await Promise.all([window(24 * 7, false), emailAddresses()]);
      const measured = new Map<Channel, SlaFigure>(measuredFigures.map((f) => [f.channel, f]));
      const offered = CHANNELS_IN_SERVICE.filter((channel) => channel !== 'email' || addresses.length > 0);
      return {
        methods: await Promise.all(
          offered.map(async (channel) => ({
            channel,
            addresses: channel === 'email' ? addresses : [],
            promises: await promises(channel),
            measuredMedianSeconds: measured.get(channel)?.medianFirstResponseSeconds ?? null,
            sampleSize: measured.get(channel)?.answered ?? 0,
          })),
        ),
      };
    },
  };
}
export type SlaFiguresService = ReturnType<typeof slaFigures>;

const round = (v: number | string | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);
