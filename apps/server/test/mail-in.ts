import { createLogger } from '../src/logger.js';
import type { Modules } from '../src/modules.js';
import { smtpReceiver } from '../src/modules/email/index.js';
import { startEmailDrain } from '../src/modules/intake/index.js';

/** DNS for sender verification without internet: every domain is unknown (SPF, DKIM and DMARC none). */
export const noDns = async (): Promise<string[]> => {
  throw Object.assign(new Error('no such domain'), { code: 'ENOTFOUND' });
};

/**
 * The mail-in path as `centrala serve` runs it, for a test: the SMTP receiver on 127.0.0.1:`port` storing into the
 * modules' inbound store, and the drain that turns stored mail into tickets, woken by each stored mail. The
 * receiver's options (limits, STARTTLS certificate) as `centrala serve` sets them from its config, where given.
 */
export async function startMailIn(
  modules: Modules,
  { port, maxBytes, ...receiver }: { port: number; maxBytes: number } & Partial<Parameters<typeof smtpReceiver>[0]>,
) {
  const drain = startEmailDrain(modules.inboundEmail.intake, createLogger('silent'), 200);
  const smtp = smtpReceiver(
    { host: '127.0.0.1', port, maxBytes, maxConnectionsPerClient: 10, messagesPerMinutePerClient: 0, maxClients: 50, ...receiver },
    {
      store: modules.inboundEmail.store,
      serves: async (a) => (await modules.inboundEmail.addresses.lookup(a)) !== null,
      onStored: (id, raw) => {
        modules.inboundEmail.intake.hold(id, raw);
        drain.wake();
      },
      logger: createLogger('silent'),
    },
  );
  await smtp.listen();
  return {
    drain,
    async stop() {
      await smtp.close();
      await drain.stop();
    },
  };
}
