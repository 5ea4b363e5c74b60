import { createBuildContext, type BuildContext } from '../../../src/payload/build-context.js';
import { buildChildDetails } from '../../../src/payload/sections/child-details.js';
import type { SsdRow } from '../../../src/source/ssd-row.js';
import { childRows, person, WINDOW } from './fixtures.js';
import { expect } from 'chai';

function context(tables: Record<string, SsdRow[]>, p: SsdRow = person()): BuildContext {
  return createBuildContext(childRows({ ssd_person: [p], ...tables }), WINDOW);
}

describe('child_details', () => {
  it('maps the person row and fills the defaults', () => {
    expect(buildChildDetails(context({}))).to.deep.equal({
      unique_pupil_number: 'A123456789012',
      first_name: 'Ann',
      surname: 'Example',
      date_of_birth: '2016-05-01',
      sex: 'F',
      ethnicity: 'WBRI',
      disabilities: ['NONE'],
      uasc_flag: false,
      purge: false,
    });
  });

  it('leaves out blank and null values, and maps an unknown sex to U', () => {
    const details = buildChildDetails(
      context({}, person({ pers_forename: '  ', pers_surname: null, pers_ethnicity: '', pers_sex: 'I' })),
    );
    expect(details).to.not.have.any.keys('first_name', 'surname', 'ethnicity');
    expect(details.sex).to.equal('U');
  });

  describe('UPN', () => {
    it('moves an UNn code held in pers_upn to the unknown reason', () => {
      const details = buildChildDetails(context({}, person({ pers_upn: 'un4' })));
      expect(details).to.not.have.property('unique_pupil_number');
      expect(details.unique_pupil_number_unknown_reason).to.equal('UN4');
    });

    it('prefers pers_upn_unknown', () => {
      const details = buildChildDetails(context({}, person({ pers_upn: 'UN4', pers_upn_unknown: 'UN10' })));
      expect(details.unique_pupil_number_unknown_reason).to.equal('UN10');
    });

    it('leaves out a UPN that is not 13 characters, with a warning', () => {
      const ctx = context({}, person({ pers_upn: 'A12345' }));
      expect(buildChildDetails(ctx)).to.not.have.property('unique_pupil_number');
      expect(ctx.problems).to.deep.equal([
        { path: 'child_details.unique_pupil_number', rule: 'length', severity: 'warning', detail: 'length 6, expected 13; left out' },
      ]);
    });

    it('takes the latest 13-character former UPN by valid-from date', () => {
      const link = (value: string, from: string, type = 'Former Unique Pupil Number') => ({
        link_identifier_type: type,
        link_identifier_value: value,
        link_valid_from_date: from,
      });
      const rows = [
        link('B000000000001', '2020-01-01'),
        link('B000000000002', '2022-01-01'),
        link('C000000000003', '2023-01-01', 'Other'),
      ];
      expect(buildChildDetails(context({ ssd_linked_identifiers: rows })).former_unique_pupil_number).to.equal('B000000000002');
      const placeholder = [...rows, link('SSD_PH', '2024-01-01')];
      expect(buildChildDetails(context({ ssd_linked_identifiers: placeholder }))).to.not.have.property('former_unique_pupil_number');
    });
  });

  describe('disabilities', () => {
    it('defaults to ["NONE"]', () => {
      expect(buildChildDetails(context({ ssd_disability: [] })).disabilities).to.deep.equal(['NONE']);
    });

    it('de-duplicates, upper-cases, trims and sorts', () => {
      const rows = ['vis ', 'MOB', ' mob', 'AUT'].map((code) => ({ disa_disability_code: code }));
      expect(buildChildDetails(context({ ssd_disability: rows })).disabilities).to.deep.equal(['AUT', 'MOB', 'VIS']);
    });

    it('reports a code over 4 characters as an error, unaltered', () => {
      const ctx = context({ ssd_disability: [{ disa_disability_code: 'HEARING' }] });
      expect(buildChildDetails(ctx).disabilities).to.deep.equal(['HEARING']);
      expect(ctx.problems.map((p) => [p.rule, p.severity])).to.deep.equal([['maxLength', 'error']]);
    });
  });

  describe('postcode', () => {
    it('comes from the address with the latest start date, whatever the row order', () => {
      const rows = [
        { addr_table_id: '1', addr_address_start_date: '2019-01-01', addr_address_postcode: 'AA1 1AA' },
        { addr_table_id: '2', addr_address_start_date: '2024-06-01', addr_address_postcode: ' BB2 2BB ' },
        { addr_table_id: '3', addr_address_start_date: null, addr_address_postcode: 'CC3 3CC' },
      ];
      expect(buildChildDetails(context({ ssd_address: rows })).postcode).to.equal('BB2 2BB');
      expect(buildChildDetails(context({ ssd_address: [...rows].reverse() })).postcode).to.equal('BB2 2BB');
    });

    it('is left out with a warning when longer than 8 characters', () => {
      const ctx = context({ ssd_address: [{ addr_address_start_date: '2024-01-01', addr_address_postcode: 'AB12 3CDEF' }] });
      expect(buildChildDetails(ctx)).to.not.have.property('postcode');
      expect(ctx.problems[0]).to.include({ path: 'child_details.postcode', severity: 'warning' });
    });
  });

  describe('uasc', () => {
    const status = (code: string, end: string | null) => ({
      immi_immigration_status: code,
      immi_immigration_status_start_date: '2020-01-01',
      immi_immigration_status_end_date: end,
    });

    it('is false without a U status row', () => {
      const details = buildChildDetails(context({ ssd_immigration_status: [status('R', null)] }));
      expect(details.uasc_flag).to.equal(false);
      expect(details).to.not.have.property('uasc_end_date');
    });

    it('is true and has no end date while the status is open', () => {
      const details = buildChildDetails(context({ ssd_immigration_status: [status(' u ', null), status('U', '2025-01-01')] }));
      expect(details.uasc_flag).to.equal(true);
      expect(details).to.not.have.property('uasc_end_date');
    });

    it('gives the latest end date when the status ended inside the window', () => {
      const details = buildChildDetails(
        context({ ssd_immigration_status: [status('U', '2024-05-01'), status('U', '2025-02-01')] }),
      );
      expect(details).to.include({ uasc_flag: true, uasc_end_date: '2025-02-01' });
    });

    it('ignores a status that ended before the window start', () => {
      const details = buildChildDetails(context({ ssd_immigration_status: [status('U', '2024-03-31')] }));
      expect(details.uasc_flag).to.equal(false);
    });
  });

  it('keeps the first 4 characters of a longer ethnicity, with a warning', () => {
    const ctx = context({}, person({ pers_ethnicity: 'WBRI-British' }));
    expect(buildChildDetails(ctx).ethnicity).to.equal('WBRI');
    expect(ctx.problems[0]).to.deep.equal({
      path: 'child_details.ethnicity',
      rule: 'truncated',
      severity: 'warning',
      detail: 'length 12; first 4 characters kept',
    });
  });
});
