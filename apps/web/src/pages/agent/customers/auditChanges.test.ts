import { describe, expect, it } from 'vitest';
import { fieldChanges } from './auditChanges';

describe('an audit entry as field changes (issue 13 point 1: before/after)', () => {
  it('lists only the fields that differ, with both values', () => {
    const before = { id: 'x', name: 'Web 1', status: 'active', ipAddresses: ['192.0.2.1'], updatedAt: '2026-01-01' };
    const after = { id: 'x', name: 'Web 1', status: 'suspended', ipAddresses: ['192.0.2.1', '2001:db8::/48'], updatedAt: '2026-01-02' };
    expect(fieldChanges(before, after)).toEqual([
      { field: 'status', before: 'active', after: 'suspended' },
      { field: 'ipAddresses', before: ['192.0.2.1'], after: ['192.0.2.1', '2001:db8::/48'] },
    ]);
  });

  it('shows a creation as every field set from nothing, and a removed field as set to nothing', () => {
    expect(fieldChanges(null, { name: 'Ana', roles: ['owner'], canLogIn: true })).toEqual([
      { field: 'name', before: null, after: 'Ana' },
      { field: 'roles', before: null, after: ['owner'] },
      { field: 'canLogIn', before: null, after: true },
    ]);
    expect(fieldChanges({ externalId: 'C-1' }, {})).toEqual([{ field: 'externalId', before: 'C-1', after: null }]);
  });

  it('finds nothing changed when only the bookkeeping moved', () => {
    expect(fieldChanges({ name: 'A', updatedAt: '1' }, { name: 'A', updatedAt: '2' })).toEqual([]);
  });
});
