import { describe, expect, it } from 'vitest';
import { htmlOf } from './html.js';

describe('the HTML alternative of our plain-text mail (issue 12 point 6)', () => {
  it('escapes the text: nothing in it becomes markup', () => {
    const html = htmlOf('<script>alert(1)</script> & "x" \'y\'');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;');
    expect(html).not.toContain('<script>');
  });

  it('makes links clickable, without the sentence punctuation after them', () => {
    expect(htmlOf('Follow it here: https://c.test/client/tickets/T-1?a=1&b=2.')).toContain(
      '<a href="https://c.test/client/tickets/T-1?a=1&amp;b=2">https://c.test/client/tickets/T-1?a=1&amp;b=2</a>.',
    );
  });

  it('does not make a link of javascript: or of a quote-breaking URL', () => {
    expect(htmlOf('javascript:alert(1)')).not.toContain('<a');
    expect(htmlOf('https://x.test/"onmouseover="a')).toContain('<a href="https://x.test/&quot;onmouseover=&quot;a">');
  });
});
