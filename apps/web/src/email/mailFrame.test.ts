import { describe, expect, it } from 'vitest';
import { attachmentForCid, contentIdOf, contentIdsIn, cspOf, headerBlock } from './mailFrame';

describe('the mail frame’s pure parts (issue 12 point 3)', () => {
  it('lets only data: images and inline styles load, remote images once allowed', () => {
    expect(cspOf(false)).toBe("default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'none'");
    expect(cspOf(true)).toContain('img-src data: https: http:;');
  });

  it('finds the cid images and their attachments (map first, then Outlook’s filename@…)', () => {
    expect(contentIdsIn('<img src="cid:logo@x"><img src=\'cid:%3Cb%40y%3E\'><img src="cid:logo@x">')).toEqual(['logo@x', 'b@y']);
    expect(contentIdOf('cid:<a@b>')).toBe('a@b');
    const files = [{ filename: 'image001.png' }, { filename: 'logo.png' }];
    expect(attachmentForCid('x@y', { 'x@y': 'logo.png' }, files)).toBe(files[1]);
    expect(attachmentForCid('image001.png@01D9ABCD', undefined, files)).toBe(files[0]);
    expect(attachmentForCid('nothing@here', undefined, files)).toBeUndefined();
  });

  it('cuts the header block from a raw message', () => {
    expect(headerBlock('From: a\r\nTo: b\r\n\r\nbody\r\n\r\nmore')).toBe('From: a\r\nTo: b');
    expect(headerBlock('From: a\nSubject: x\n\nbody')).toBe('From: a\nSubject: x');
    expect(headerBlock('only headers')).toBe('only headers');
  });
});
