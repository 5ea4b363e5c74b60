import { expect } from 'chai';
import { redactAnswer } from '../../src/submit/redact-answer.js';

describe('redacting an API answer (error bodies may quote what they refuse)', () => {
  const doc = JSON.stringify({
    la_child_id: 'C1', purge: false,
    child_details: { first_name: 'Ann', surname: 'Annerley', date_of_birth: '2014-02-03', sex: 'F', postcode: 'AB1 2CD', unique_pupil_number: 'A123456789012', purge: false },
    social_care_episodes: [{ social_care_episode_id: 'E1', child_looked_after_placements: [{ child_looked_after_placement_id: 'P1', postcode: 'ZZ9 9ZZ' }] }],
  });

  it('replaces every name, date of birth, UPN and postcode of the documents, longest first, and keeps ids and codes', () => {
    const answer = '[0] Annerley (Ann) born 2014-02-03, UPN A123456789012, at AB1 2CD / ZZ9 9ZZ: la_child_id C1 sex F';
    expect(redactAnswer(answer, [doc])).to.equal('[0] [redacted] ([redacted]) born [redacted], UPN [redacted], at [redacted] / [redacted]: la_child_id C1 sex F');
  });

  it('finds a value however the answer writes it: another case, no spaces, JSON-escaped', () => {
    const named = JSON.stringify({ la_child_id: 'C2', child_details: { first_name: 'Zoë', surname: "O'Brien", postcode: 'SW1A 1AA' } });
    expect(redactAnswer('[0] ZOË o\'brien at sw1a1aa; "Zo\u00EB" "O\u0027Brien"', [named])).to.equal('[0] [redacted] [redacted] at [redacted]; "[redacted]" "[redacted]"');
  });

  it('leaves an answer alone when the documents hold nothing it quotes, or are not JSON', () => {
    expect(redactAnswer('Service unavailable', [doc])).to.equal('Service unavailable');
    expect(redactAnswer('[0] bad', ['not json'])).to.equal('[0] bad');
    expect(redactAnswer('', [doc])).to.equal('');
  });
});
