import { describe, expect, it } from 'vitest';
import { fillPlaceholders, unknownPlaceholders, withSignature } from './canned.js';

const values = { 'customer.name': 'Ivana Horvat', 'ticket.reference': 'T-7KQ2-M9XD', 'agent.name': 'Ana Agentić' };

describe('canned response placeholders (issue 10 point 6)', () => {
  it('knows the three placeholders, with or without spaces inside the braces', () => {
    expect(unknownPlaceholders('Poštovani {{customer.name}}, {{ ticket.reference }} — {{agent.name}}')).toEqual([]);
  });

  it('names each unknown, empty or half-closed placeholder once, as typed', () => {
    expect(unknownPlaceholders('{{customer.nme}} {{customer.nme}} {{ }} {{ticket.reference} x}}')).toEqual([
      '{{customer.nme}}',
      '{{ }}',
      '{{',
      '}}',
    ]);
  });

  it('fills every known placeholder in one pass and leaves a value that looks like one alone', () => {
    expect(fillPlaceholders('Hi {{customer.name}}, re {{ ticket.reference }}. {{agent.name}}', values)).toBe(
      'Hi Ivana Horvat, re T-7KQ2-M9XD. Ana Agentić',
    );
    expect(fillPlaceholders('Hi {{customer.name}}', { ...values, 'customer.name': '{{agent.name}}' })).toBe('Hi {{agent.name}}');
  });
});

describe('the signature under a reply', () => {
  it('goes under the text after a blank line, once, and not at all when empty', () => {
    expect(withSignature('Done.\n', 'Ana\nCentrala')).toBe('Done.\n\nAna\nCentrala');
    expect(withSignature('Done.\n\nAna\nCentrala', 'Ana\nCentrala')).toBe('Done.\n\nAna\nCentrala');
    expect(withSignature('Done.', '  ')).toBe('Done.');
  });
});
