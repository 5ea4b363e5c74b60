import { purgeDocument } from '../../../src/payload/purge-document.js';
import { expect } from 'chai';

describe('purgeDocument', () => {
  it('carries a valid, trimmed legacy id', () => {
    expect(purgeDocument('C1', ' LEG-1 ')).to.deep.equal({ la_child_id: 'C1', mis_child_id: 'LEG-1', purge: true });
  });

  it('leaves out a missing, blank or unfit legacy id', () => {
    for (const legacy of [null, '  ', 'LEG/1', 'L'.repeat(37)]) {
      expect(purgeDocument('C1', legacy)).to.deep.equal({ la_child_id: 'C1', purge: true });
    }
  });
});
