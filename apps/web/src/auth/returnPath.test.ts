import { describe, expect, it } from 'vitest';
import { loginPath, safeReturnPath } from './returnPath';

describe('the path to return to after logging in', () => {
  it('is a path of this site, with its query and fragment', () => {
    expect(safeReturnPath('/client/tickets/new')).toBe('/client/tickets/new');
    expect(safeReturnPath('/agent/tickets/T-7KQ2-M9XD')).toBe('/agent/tickets/T-7KQ2-M9XD');
    expect(safeReturnPath('/agent?status=open&priority=high#top')).toBe('/agent?status=open&priority=high#top');
    expect(safeReturnPath('/')).toBe('/');
  });

  it('is never another site', () => {
    for (const value of [
      'https://evil.example/',
      'http:/evil.example',
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '\\/evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      ' /client',
      'javascript:alert(1)',
      'client/tickets',
      '',
    ]) {
      expect(safeReturnPath(value), JSON.stringify(value)).toBeNull();
    }
  });

  it('is nothing for values that are not strings, too long, or the login page itself', () => {
    expect(safeReturnPath(null)).toBeNull();
    expect(safeReturnPath(undefined)).toBeNull();
    expect(safeReturnPath(['/client'])).toBeNull();
    expect(safeReturnPath(`/client?q=${'x'.repeat(2000)}`)).toBeNull();
    expect(safeReturnPath('/login')).toBeNull();
    expect(safeReturnPath('/login?next=%2Fclient')).toBeNull();
  });

  it('goes into the login address encoded, or is left out when unsafe', () => {
    expect(loginPath('/client/tickets/new')).toBe('/login?next=%2Fclient%2Ftickets%2Fnew');
    expect(new URLSearchParams(loginPath('/agent?status=open&x=1').split('?')[1]).get('next')).toBe('/agent?status=open&x=1');
    expect(loginPath('//evil.example')).toBe('/login');
  });
});
