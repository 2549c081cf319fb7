import { describe, expect, it } from 'vitest';
import { nameParts } from './attachments';

describe('attachment names on screen', () => {
  it('keeps the extension apart from the part an ellipsis may cut', () => {
    expect(nameParts('invoice.pdf .exe')).toEqual({ start: 'invoice.pdf ', extension: '.exe' });
    expect(nameParts('traceroute.txt')).toEqual({ start: 'traceroute', extension: '.txt' });
  });

  it('has no extension for a dotfile, a name without a dot, or a "extension" too long to be one', () => {
    expect(nameParts('.bashrc')).toEqual({ start: '.bashrc', extension: '' });
    expect(nameParts('README')).toEqual({ start: 'README', extension: '' });
    expect(nameParts(`a.${'x'.repeat(20)}`).extension).toBe('');
  });
});
