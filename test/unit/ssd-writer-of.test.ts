import { expect } from 'chai';
import type { Source } from '../../src/source/source.js';
import { attachSsdWriter, ssdWriterOf, type SsdWriter } from '../../src/source/ssd-writer.js';

describe('the SSD writer is not part of the port (ssdWriterOf)', () => {
  it('gives the writer its adapter attached to a source, and refuses one no adapter opened', () => {
    const opened = { description: 'PGlite at /tmp/x' } as Source;
    const writer = { countRows: async () => 0 } as unknown as SsdWriter;
    expect(attachSsdWriter(opened, writer)).to.equal(opened);
    expect(ssdWriterOf(opened)).to.equal(writer);
    // A copy (a test's wrapper with one method replaced) is another source: it has no writer.
    expect(() => ssdWriterOf({ ...opened })).to.throw(/PGlite at \/tmp\/x was not opened by an ssd-delta adapter/);
  });
});
