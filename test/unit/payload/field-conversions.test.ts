import type { SsdValue } from '../../../src/source/ssd-row.js';
import {
  cleanText,
  clippedText,
  dateValue,
  disabilityCodes,
  flagValue,
  referralSourceCode,
  sexCode,
  upnUnknownCode,
} from '../../../src/payload/field-conversions.js';
import { expect } from 'chai';

/** Runs one `it` per row: input -> expected output. */
function table<T>(name: string, convert: (v: SsdValue) => T, rows: [SsdValue, T][]): void {
  describe(name, () => {
    for (const [input, expected] of rows) {
      it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => {
        expect(convert(input)).to.deep.equal(expected);
      });
    }
  });
}

table('cleanText', cleanText, [
  ['  Ann ', 'Ann'],
  ['   ', null],
  ['', null],
  [null, null],
  [42, '42'],
]);

table('dateValue', dateValue, [
  ['2025-01-10', '2025-01-10'],
  ['2025-01-10T00:00:00', '2025-01-10'],
  [' 2025-01-10 ', '2025-01-10'],
  ['2025-02-30', null],
  ['10/01/2025', null],
  [null, null],
]);

table('sexCode', sexCode, [
  ['M', 'M'],
  ['F', 'F'],
  [' f ', 'F'],
  ['m', 'M'],
  ['U', 'U'],
  ['X', 'U'],
  ['Male', 'U'],
  ['', 'U'],
  [null, 'U'],
]);

table('referralSourceCode', referralSourceCode, [
  ['10', '10'],
  ['10A', '10'],
  ['105', '10'],
  ['1A', '1A'],
  ['1F', '1F'],
  ['2B', '2B'],
  ['3F', '3F'],
  ['3F9', '3F'],
  [' 1c ', '1C'],
  ['5A', '5A'],
  ['5D', '5D'],
  ['4', '4'],
  ['4X', '4'], // 4... keeps the first character (reference: LIKE '[46789]%')
  ['6', '6'],
  ['9Z', '9'],
  [7, '7'],
  ['1G', null],
  ['3G', null],
  ['5E', null],
  ['5', null],
  ['1', null],
  ['0', null],
  ['ZZ', null],
  ['', null],
  [null, null],
]);

table('flagValue (referral NFA)', flagValue, [
  ['1', true],
  ['Y', true],
  ['y', true],
  ['T', true],
  ['TRUE', true],
  [' true ', true],
  [1, true],
  ['0', false],
  ['N', false],
  ['n', false],
  ['F', false],
  ['FALSE', false],
  ['false', false],
  [0, false],
  ['YES', null],
  ['2', null],
  ['', null],
  [null, null],
]);

table('upnUnknownCode', upnUnknownCode, [
  ['UN1', 'UN1'],
  ['UN9', 'UN9'],
  ['UN10', 'UN10'],
  [' un5 ', 'UN5'],
  ['UN0', null],
  ['UN11', null],
  ['UN', null],
  ['A123456789012', null],
  [null, null],
]);

describe('clippedText', () => {
  it('trims and keeps the first n characters, reporting the original length', () => {
    expect(clippedText(' WBRI ', 4)).to.deep.equal({ value: 'WBRI', originalLength: 4 });
    expect(clippedText('WBRIX', 4)).to.deep.equal({ value: 'WBRI', originalLength: 5 });
    expect(clippedText('  ', 3)).to.deep.equal({ value: null, originalLength: 0 });
  });
});

describe('disabilityCodes', () => {
  it('defaults to ["NONE"] when nothing usable is recorded', () => {
    expect(disabilityCodes([])).to.deep.equal(['NONE']);
    expect(disabilityCodes([null, '  '])).to.deep.equal(['NONE']);
  });

  it('trims, upper-cases, de-duplicates and sorts', () => {
    expect(disabilityCodes([' vis', 'MOB', 'mob ', 'AUT', null])).to.deep.equal(['AUT', 'MOB', 'VIS']);
  });
});
