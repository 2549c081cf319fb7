import { describe, expect, it } from 'vitest';
import { listenFailure, StartupError } from './startup-error.js';

const taken = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });

describe('listenFailure', () => {
  it('names the setting whose port is taken: PORT for HTTP, SMTP_PORT for the mail receiver', () => {
    const http = listenFailure(taken, '127.0.0.1', 3000);
    const smtp = listenFailure(taken, '127.0.0.1', 2525, 'SMTP_PORT');
    expect(http).toBeInstanceOf(StartupError);
    expect((http as Error).message).toMatch(/^PORT 3000 is taken on 127\.0\.0\.1 .* set PORT /);
    expect((smtp as Error).message).toMatch(/^SMTP_PORT 2525 is taken on 127\.0\.0\.1 .* set SMTP_PORT /);
  });

  it("names SMTP_HOST when the mail receiver's address is not the machine's", () => {
    const notHere = Object.assign(new Error('listen EADDRNOTAVAIL'), { code: 'EADDRNOTAVAIL' });
    expect((listenFailure(notHere, '10.9.9.9', 2525, 'SMTP_PORT') as Error).message).toMatch(/^SMTP_HOST 10\.9\.9\.9 .* set SMTP_HOST /);
  });

  it('passes any other error through', () => {
    const other = new Error('boom');
    expect(listenFailure(other, '127.0.0.1', 3000)).toBe(other);
  });
});
