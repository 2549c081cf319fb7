import type { IncidentDetails } from '@centrala/contracts';
import { describe, expect, it } from 'vitest';
import { incidentFieldsToShow } from './incidentFields';

const nothing: IncidentDetails = {
  ipAddresses: [],
  orderNumbers: [],
  serviceName: null,
  startedAt: null,
  hasDiagnostics: false,
  diagnostics: null,
  missing: [],
};

describe('incident fields the agent sees (issue 10 point 9)', () => {
  it('a Regular ticket with nothing given shows no field', () => {
    expect(incidentFieldsToShow(nothing)).toEqual([]);
  });

  it('a Regular ticket shows what was given, and only that', () => {
    expect(incidentFieldsToShow({ ...nothing, ipAddresses: ['203.0.113.10'], serviceName: 'web-01' })).toEqual(['ipAddresses', 'service']);
  });

  it('a High ticket also shows what it still needs', () => {
    const high = { ...nothing, serviceName: 'web-01', missing: ['ip_or_order', 'start_time'] as IncidentDetails['missing'] };
    expect(incidentFieldsToShow(high)).toEqual(['ipAddresses', 'orderNumbers', 'service', 'startedAt']);
  });
});
