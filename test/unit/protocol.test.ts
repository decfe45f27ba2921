// What passes between the panels and the extension: a page's ready, and the first messages a
// page's HTML carries.
import * as assert from 'assert';
import { firstMessagesElement, parseFromPanel, ToPanel } from '../../src/webview/protocol';

describe('panel protocol', () => {
  it('a ready says the page showed the messages it came with only when it says exactly that', () => {
    assert.deepStrictEqual(parseFromPanel({ type: 'ready' }), { type: 'ready' });
    assert.deepStrictEqual(parseFromPanel({ type: 'ready', shown: true }), { type: 'ready', shown: true });
    for (const shown of [false, 'true', 1, {}])
      assert.deepStrictEqual(parseFromPanel({ type: 'ready', shown }), { type: 'ready' });
  });

  it('the first messages are JSON no engine text can end or break out of', () => {
    const hostile = '</script><script>alert(1)</script><!-- & \u2028\u2029 -->';
    const messages: ToPanel[] = [{ type: 'problem', message: hostile, gone: false }];
    const element = firstMessagesElement(messages);
    const m = /^<script type="application\/json" id="dn-first">(.*)<\/script>$/s.exec(element);
    assert.ok(m, element);
    assert.ok(!/[<>&\u2028\u2029]/.test(m[1]), 'no character that could end the element or start another');
    assert.deepStrictEqual(JSON.parse(m[1]), messages);
  });
});
