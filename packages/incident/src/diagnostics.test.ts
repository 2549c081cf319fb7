import { describe, expect, it } from 'vitest';
import { hasDiagnostics, isDiagnosticLine } from './diagnostics.js';

describe('hasDiagnostics', () => {
  it('is false for prose that only mentions errors', () => {
    expect(hasDiagnostics('Stranica ne radi od jutros.\nDobijem neki error kad otvorim stranicu.\nMolim pomoć.')).toBe(false);
    expect(hasDiagnostics('I get an error when I open the site.\nAnd it failed again later.')).toBe(false);
  });

  it('is false for a single diagnostic line', () => {
    expect(hasDiagnostics('ssh: connect to host 192.0.2.1 port 22: Connection refused')).toBe(false);
  });

  it('is true for two diagnostic lines anywhere in the text', () => {
    expect(
      hasDiagnostics(
        'Evo:\ncurl: (7) Failed to connect to example.com port 443\nPokušao sam i ssh.\nssh: connect to host 192.0.2.1 port 22: Connection timed out',
      ),
    ).toBe(true);
  });

  it('is true for one non-empty fenced block, closed or still open', () => {
    expect(hasDiagnostics('Output:\n```\nwhatever the command printed\n```')).toBe(true);
    expect(hasDiagnostics('Output:\n```bash\nstill pasting')).toBe(true);
  });

  it('is false for an empty fenced block', () => {
    expect(hasDiagnostics('```\n\n```')).toBe(false);
  });

  it('recognises ping output', () => {
    expect(
      hasDiagnostics('PING 192.0.2.1 (192.0.2.1) 56(84) bytes of data.\n64 bytes from 192.0.2.1: icmp_seq=1 ttl=56 time=14.3 ms'),
    ).toBe(true);
    expect(hasDiagnostics('Request timed out.\nRequest timed out.')).toBe(true);
  });

  it('recognises traceroute and mtr output', () => {
    const tr = 'traceroute to 192.0.2.1 (192.0.2.1), 30 hops max\n 1  router.lan (192.168.1.1)  0.512 ms  0.401 ms  0.388 ms\n 2  * * *';
    expect(hasDiagnostics(tr)).toBe(true);
    expect(hasDiagnostics('HOST: laptop   Loss%   Snt   Last\n  1.|-- 192.168.1.1   0.0%    10    0.5')).toBe(true);
  });

  it('recognises log lines with timestamps', () => {
    expect(hasDiagnostics('2026-11-24 14:30:01 started\n2026-11-24 14:30:02 stopped')).toBe(true);
    expect(hasDiagnostics('Nov 24 14:30:01 web1 nginx[123]: x\nNov 24 14:30:02 web1 nginx[123]: y')).toBe(true);
  });

  it('recognises stack traces, HTTP status lines and kernel messages', () => {
    expect(hasDiagnostics('TypeError: x is undefined\n    at render (/srv/app/index.js:10:5)')).toBe(true);
    expect(hasDiagnostics('Traceback (most recent call last):\n  File "/srv/app.py", line 3, in <module>')).toBe(true);
    expect(hasDiagnostics('HTTP/1.1 502 Bad Gateway\nServer: nginx\nContent-Type: text/html')).toBe(true);
    expect(hasDiagnostics('[12345.678901] Out of memory: Killed process 42 (mysqld)\n[12345.678999] oom_reaper: reaped process 42')).toBe(
      true,
    );
  });
});

describe('isDiagnosticLine', () => {
  it.each([
    '2026-11-24T14:30:01Z ERROR db unreachable',
    '[Tue Nov 24 14:30:01.123 2026] [php:error] [pid 1] PHP Fatal error',
    '192.0.2.9 - - [24/Nov/2026:14:30:01 +0100] "GET / HTTP/1.1" 502 157',
    'curl: (28) Operation timed out after 10001 milliseconds',
    '< HTTP/2 503',
    'Active: failed (Result: exit-code) since Tue 2026-11-24 14:30:01 CET',
    'root@web1:~# systemctl status nginx',
    ';; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 1',
    'Reply from 192.0.2.1: bytes=32 time=14ms TTL=56',
  ])('accepts %j', (line) => {
    expect(isDiagnosticLine(line)).toBe(true);
  });

  it.each([
    'Server ne radi od 14:30.',
    'Problem: site failed to load for me',
    'Please help, it is urgent!',
    '# Naslov',
    '> Hvala na odgovoru',
  ])('rejects %j', (line) => {
    expect(isDiagnosticLine(line)).toBe(false);
  });
});
