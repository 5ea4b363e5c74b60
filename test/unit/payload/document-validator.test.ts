import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../src/config/load-config.js';
import { documentSchemaFromOpenApi } from '../../../src/payload/document-schema.js';
import { createDocumentValidator } from '../../../src/payload/document-validator.js';
import { validated } from '../../../src/pipeline/build-documents.js';

const valid = { la_child_id: '1000001', purge: false, child_details: { sex: 'F', disabilities: ['NONE'], uasc_flag: false, purge: false } };

describe('document schema and validator', () => {
  const validator = createDocumentValidator();

  it('accepts a minimal valid document and a purge document', () => {
    expect(validator.validate(valid)).to.deep.equal([]);
    expect(validator.validate({ la_child_id: '1000001', mis_child_id: 'LEG-1', purge: true })).to.deep.equal([]);
  });

  const cases: Array<[string, unknown, string, string]> = [
    ['la_child_id with _', { ...valid, la_child_id: 'A_1' }, 'la_child_id', 'pattern'],
    ['la_child_id of 21 characters', { ...valid, la_child_id: '1'.repeat(21) }, 'la_child_id', 'maxLength'],
    ['a key the contract does not declare', { ...valid, nickname: 'x' }, 'nickname', 'additionalProperties'],
    ['sex outside M/F/U (payload.md)', { ...valid, child_details: { ...valid.child_details, sex: 'X' } }, 'child_details.sex', 'enum'],
    ['UPN unknown reason not UN1..UN10', { ...valid, child_details: { ...valid.child_details, unique_pupil_number_unknown_reason: 'UN11' } }, 'child_details.unique_pupil_number_unknown_reason', 'pattern'],
    ['UPN of 12 characters', { ...valid, child_details: { ...valid.child_details, unique_pupil_number: 'A12345678901' } }, 'child_details.unique_pupil_number', 'minLength'],
    ['13 disabilities', { ...valid, child_details: { ...valid.child_details, disabilities: Array.from({ length: 13 }, (_, i) => `D${i}`) } }, 'child_details.disabilities', 'maxItems'],
    ['an impossible date', { ...valid, child_details: { ...valid.child_details, date_of_birth: '2020-02-30' } }, 'child_details.date_of_birth', 'format'],
    ['an episode without its id', { ...valid, social_care_episodes: [{ purge: false }] }, 'social_care_episodes[0].social_care_episode_id', 'required'],
    ['42 factors', { ...valid, social_care_episodes: [{ social_care_episode_id: 'R1', child_and_family_assessments: [{ child_and_family_assessment_id: 'A1', factors: Array.from({ length: 42 }, (_, i) => `${i}`) }] }] }, 'social_care_episodes[0].child_and_family_assessments[0].factors', 'maxItems'],
  ];
  for (const [name, doc, path, rule] of cases) {
    it(`reports ${name} at ${path} (${rule}), without the value`, () => {
      const problems = validator.validate(doc);
      expect(problems.map((p) => [p.path, p.rule])).to.deep.include([path, rule]);
      for (const p of problems) expect(p.detail).to.not.match(/A_1|A12345678901|2020-02-30|nickname/);
    });
  }

  it("adds the schema's findings to the builder's, without repeating a path the builder reported", () => {
    const result = validated(
      { document: { ...valid, la_child_id: 'A_1', child_details: { ...valid.child_details, sex: 'X' } } as never, problems: [{ path: 'la_child_id', rule: 'pattern', severity: 'error', detail: 'builder' }], changesOn: null },
      validator,
    );
    expect(result.problems.map((p) => `${p.path}:${p.rule}`)).to.deep.equal(['la_child_id:pattern', 'child_details.sex:enum']);
  });

  it('is the one generated from the DfE OpenAPI document (when the shared spec is beside the repository)', function () {
    let openApi: unknown;
    try {
      openApi = JSON.parse(readFileSync(join(PACKAGE_ROOT, '..', 'shared', 'spec', 'dfe-csc-api.openapi.json'), 'utf8'));
    } catch {
      this.skip();
    }
    const committed = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'child-document.schema.json'), 'utf8'));
    expect(committed).to.deep.equal(documentSchemaFromOpenApi(openApi as never));
  });
});
