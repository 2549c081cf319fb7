import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('has working defaults: embedded PostgreSQL, loopback, port 3000', () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.publicUrl).toBe('http://127.0.0.1:3000');
    expect(c.ROLES).toEqual(['web', 'worker', 'smtp']);
    expect(c.dataDir).toMatch(/\/data$/);
  });

  it('names every bad value, with what was given', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url', ROLES: 'web,cook', TRUST_PROXY: 'maybe' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      expect(message).toContain('PORT="eighty"');
      expect(message).toContain('DATABASE_URL="not a url"');
      expect(message).toContain('ROLES="web,cook"');
      expect(message).toContain('TRUST_PROXY="maybe"');
    }
  });

  it('refuses a DATABASE_URL that is no postgres:// URL, in one line, without its password (issue 9 point 5)', () => {
    expect(() => loadConfig({ DATABASE_URL: 'localhost:5432' })).toThrow(
      /^Invalid configuration: DATABASE_URL="localhost:5432": must be a postgres:\/\/ URL/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:s3cret@db/x' })).toThrow(/DATABASE_URL="mysql:\/\/u:\*\*\*@db\/x"/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:s3cret@db/x' })).not.toThrow(/s3cret/);
    expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@db.internal:5433/centrala' }).DATABASE_URL).toBe(
      'postgresql://u:p@db.internal:5433/centrala',
    );
  });

  it('reads the networks webhooks may reach as CIDR, and refuses anything else (docs/webhooks.md)', () => {
    expect(loadConfig({}).WEBHOOK_ALLOWED_NETWORKS).toEqual([]);
    expect(loadConfig({ WEBHOOK_ALLOWED_NETWORKS: '10.20.0.0/24, fd00:1::/64,127.0.0.1' }).WEBHOOK_ALLOWED_NETWORKS).toEqual([
      '10.20.0.0/24',
      'fd00:1::/64',
      '127.0.0.1',
    ]);
    for (const bad of ['10.0.0.0/33', 'intranet', '10.0.0.0/', 'fd00::/129'])
      expect(() => loadConfig({ WEBHOOK_ALLOWED_NETWORKS: bad }), bad).toThrow(/WEBHOOK_ALLOWED_NETWORKS/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });

  it('splits roles for scale-out nodes', () => {
    expect(loadConfig({ ROLES: 'worker' }).ROLES).toEqual(['worker']);
  });
});
