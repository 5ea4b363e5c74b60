import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/core/errors.js';
import { CODE_LISTS, type CodeField } from '../../../src/payload/code-lists.js';
import { builtInCodeLookup, createCodeLookup } from '../../../src/payload/code-lookup.js';
import { buildUascStatus } from '../../../src/payload/sections/uasc-status.js';
import { createBuildContext } from '../../../src/payload/build-context.js';
import { childRows, WINDOW } from './fixtures.js';

const lookup = builtInCodeLookup();
const code = (field: CodeField, value: string | null) => lookup.match(field, value);

describe('code lookup (payload.md coded values; ssd-tables.md variants)', () => {
  const cases: Array<[CodeField, string | null, string | null, boolean]> = [
    // field, SSD value, API code, reported as unmapped
    ['careLeaverActivity', 'F2', 'F2', false],
    ['careLeaverActivity', ' g6 ', 'G6', false],
    ['careLeaverActivity', 'P1 - Part time in higher education', 'P1', false],
    ['careLeaverActivity', 'Young person engaged full time in an apprenticeship', 'F4', false],
    ['careLeaverActivity', 'young person engaged full time in higher education', 'F1', false], // the short form before the bracket
    ['careLeaverActivity', 'Young person not in education', null, true], // a short form three codes share says nothing
    ['careLeaverActivity', 'Full time education', null, true],
    ['careLeaverActivity', 'F2nd year', null, true], // starts like a code but is not one
    ['careLeaverActivity', '  ', null, false],
    ['careLeaverActivity', null, null, false],
    ['careLeaverAccommodation', 'Supported lodgings', 'E', false],
    ['careLeaverAccommodation', 'Independent living', 'U', false],
    ['careLeaverAccommodation', 'SEMI-INDEPENDENT', 'D', false],
    ['careLeaverAccommodation', 'B-Bed and breakfast', 'B', false],
    ['careLeaverAccommodation', 'A flat', null, true],
    ['claStartReason', 'Change of legal status only', 'L', false],
    ['claStartReason', 'S - Started to be looked after', 'S', false],
    ['claStartReason', 'Voluntary', null, true],
    ['claEndReason', 'E4 A', 'E4A', false],
    ['claEndReason', 'E41 - Residence order', 'E41', false],
    ['claEndReason', 'Returned home to live with parent(s)', null, true], // E4A and E4B share it
    ['claEndReason', 'Sentenced to custody', 'E9', false],
    ['immigrationStatus', 'U', 'U', false],
    ['immigrationStatus', 'Unaccompanied Asylum Seeking Child', 'U', false],
    ['immigrationStatus', 'Refugee Status', null, false], // other statuses are normal, not a missing mapping
  ];
  for (const [field, value, expected, unmapped] of cases) {
    it(`${field}: ${JSON.stringify(value)} -> ${expected ?? 'left out'}${unmapped ? ', reported' : ''}`, () => {
      expect(code(field, value)).to.deep.equal({ code: expected, unmapped });
    });
  }

  it("adds the LA's spellings from config, which win over the built-in descriptions", () => {
    const la = createCodeLookup({ careLeaverActivity: { 'Full time education': 'F2', 'supported lodgings': 'P5' }, careLeaverAccommodation: { 'Supported lodgings': 'B' }, claEndReason: { '12': 'E12' } });
    expect(la.match('careLeaverActivity', 'full-time education')).to.deep.equal({ code: 'F2', unmapped: false });
    expect(la.match('careLeaverAccommodation', 'Supported lodgings')).to.deep.equal({ code: 'B', unmapped: false });
    expect(la.match('claEndReason', ' 12 ')).to.deep.equal({ code: 'E12', unmapped: false });
    expect(la.match('careLeaverActivity', 'F1')).to.deep.equal({ code: 'F1', unmapped: false });
    // Even a value that starts like a code: 'U - Unknown' is not UASC once the LA says so.
    const unknown = createCodeLookup({ immigrationStatus: { 'U - Unknown': 'X' } });
    expect(builtInCodeLookup().match('immigrationStatus', 'U - Unknown').code).to.equal('U');
    expect(unknown.match('immigrationStatus', 'u - unknown').code).to.equal('X');
  });

  it('every built-in code fits the OpenAPI length of its key', () => {
    const max: Record<CodeField, number> = { careLeaverActivity: 2, careLeaverAccommodation: 1, immigrationStatus: 1, claStartReason: 1, claEndReason: 3 };
    for (const [field, list] of Object.entries(CODE_LISTS) as Array<[CodeField, (typeof CODE_LISTS)[CodeField]]>) {
      for (const c of Object.keys(list.codes)) expect(c.length, `${field} ${c}`).to.be.at.most(max[field]);
    }
  });

  it('UASC from a description (SystemC, Eclipse) as well as from the code', () => {
    const ctx = createBuildContext(childRows({ ssd_immigration_status: [{ immi_immigration_status: 'Unaccompanied Asylum Seeking Child', immi_immigration_status_end_date: null }] }), WINDOW);
    expect(buildUascStatus(ctx)).to.deep.equal({ uasc_flag: true, uasc_end_date: null });
    expect(ctx.problems).to.deep.equal([]);
  });

  it('config payload.codes: loaded from a file, a bad code named with its key and what is allowed', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ssd-delta-codes-'));
    let files = 0;
    const path = (content: object): string => {
      const file = join(folder, `config-${(files += 1)}.json`);
      writeFileSync(file, JSON.stringify(content));
      return file;
    };
    try {
      const config = loadConfig({ env: {}, file: path({ payload: { codes: { careLeaverActivity: { 'Full time education': 'F2' } } } }) });
      expect(config.payload.codes?.careLeaverActivity).to.deep.equal({ 'Full time education': 'F2' });
      let error: unknown;
      try {
        loadConfig({ env: {}, file: path({ payload: { codes: { careLeaverAccommodation: { 'Supported lodgings': 'EE' } } } }) });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(ConfigError);
      expect((error as Error).message).to.match(/payload\.codes\.careLeaverAccommodation/).and.match(/must be a one-character code \(a letter or digit\)/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
