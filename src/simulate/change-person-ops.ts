import type { SsdRow } from '../source/ssd-row.js';
import { idsOf, type ChangeRound } from './change-round.js';
import type { Random } from './random.js';
import { DISABILITIES, ETHNICITIES } from './synthetic-codes.js';
import { FORENAMES, STREETS, SURNAMES, TOWNS } from './synthetic-names.js';
import { syntheticPostcode } from './synthetic-postcode.js';

/**
 * Change operations on ssd_person itself and on the person-level tables every round writes
 * (address, disability). Other person-level tables are in change-person-detail-ops.ts.
 */

/** Surname changes (a direct ssd_person update). */
export async function updateSurnames(round: ChangeRound): Promise<void> {
  const people = (await round.victims('ssd_person')).take(round.count());
  const rows = people.map((p) => ({ pers_person_id: p.pers_person_id ?? null, pers_surname: other(round.rng, SURNAMES, p.pers_surname) }));
  await round.update('ssd_person', rows, `surname changed for person ${idsOf(people, 'pers_person_id')}`);
}

/** Ethnicity recorded differently. */
export async function updateEthnicities(round: ChangeRound): Promise<void> {
  const people = (await round.victims('ssd_person')).take(round.count());
  const codes = ETHNICITIES.map(([code]) => code);
  const rows = people.map((p) => ({ pers_person_id: p.pers_person_id ?? null, pers_ethnicity: other(round.rng, codes, p.pers_ethnicity) }));
  await round.update('ssd_person', rows, `ethnicity changed for person ${idsOf(people, 'pers_person_id')}`);
}

/** A move: a new address starting today, so it becomes the child's latest postcode. */
export async function addAddresses(round: ChangeRound): Promise<void> {
  const people = (await round.victims('ssd_person')).take(round.count());
  const rows = people.map((p) => addressRow(round, String(p.pers_person_id)));
  await round.insert('ssd_address', rows, `new address ${idsOf(rows, 'addr_table_id')} for person ${idsOf(people, 'pers_person_id')}`);
}

/** A corrected postcode on an existing address. */
export async function updateAddressPostcodes(round: ChangeRound): Promise<void> {
  const addresses = (await round.victims('ssd_address')).take(round.count());
  const rows = addresses.map((a) => ({ addr_table_id: a.addr_table_id ?? null, addr_address_postcode: newPostcode(round.rng, a.addr_address_postcode) }));
  await round.update('ssd_address', rows, `postcode corrected on address ${idsOf(addresses, 'addr_table_id')}`);
}

/** An address recorded in error deleted: the person's postcode falls back to an older one. */
export async function deleteAddresses(round: ChangeRound): Promise<void> {
  const rows = (await round.victims('ssd_address')).take(round.count());
  await round.delete('ssd_address', rows, `address ${idsOf(rows, 'addr_table_id')} deleted (recorded in error)`);
}

/** A further disability recorded for a child who already has one (not NONE). */
export async function addDisabilities(round: ChangeRound): Promise<void> {
  const known = (await round.victims('ssd_disability')).take(round.count(), (d) => String(d.disa_disability_code).trim().toUpperCase() !== 'NONE');
  const rows = known.map((d) => ({
    disa_table_id: round.newId('DI'), disa_person_id: d.disa_person_id ?? null,
    disa_disability_code: other(round.rng, DISABILITIES, String(d.disa_disability_code).trim().toUpperCase()),
  }));
  await round.insert('ssd_disability', rows, `disability ${idsOf(rows, 'disa_table_id')} recorded for person ${idsOf(known, 'disa_person_id')}`);
}

/** A disability code corrected (e.g. a lower-case or wrong code replaced by the right one). */
export async function correctDisabilities(round: ChangeRound): Promise<void> {
  const disabilities = (await round.victims('ssd_disability')).take(round.count());
  const rows = disabilities.map((d) => ({ disa_table_id: d.disa_table_id ?? null, disa_disability_code: other(round.rng, DISABILITIES, d.disa_disability_code) }));
  await round.update('ssd_disability', rows, `disability code corrected on ${idsOf(disabilities, 'disa_table_id')}`);
}

/** A disability code removed. */
export async function deleteDisabilities(round: ChangeRound): Promise<void> {
  const rows = (await round.victims('ssd_disability')).take(round.count());
  await round.delete('ssd_disability', rows, `disability ${idsOf(rows, 'disa_table_id')} removed`);
}

/** A person row deleted (only that row: their other rows stay behind as orphans). */
export async function deletePeople(round: ChangeRound): Promise<void> {
  const rows = (await round.victims('ssd_person')).take(round.count());
  await round.delete('ssd_person', rows, `person ${idsOf(rows, 'pers_person_id')} deleted`);
}

/** A newly referred child: person, open episode and an assessment that started today. */
export async function addNewChildren(round: ChangeRound): Promise<void> {
  const { rng } = round;
  const people: SsdRow[] = [];
  const episodes: SsdRow[] = [];
  const assessments: SsdRow[] = [];
  for (let i = 0; i < round.count(); i++) {
    const personId = round.newPersonId();
    const referralId = round.newId('R');
    people.push({
      pers_legacy_id: `LEG-${personId}`, pers_person_id: personId, pers_upn: null, pers_forename: rng.pick(FORENAMES),
      pers_surname: rng.pick(SURNAMES), pers_sex: rng.pick(['M', 'F']), pers_ethnicity: rng.weighted(ETHNICITIES),
      pers_dob: round.daysAgo(rng.int(200, 6000)), pers_upn_unknown: 'UN4', pers_send_flag: 'N', pers_is_mother: 'N',
    });
    episodes.push({
      cine_referral_id: referralId, cine_person_id: personId, cine_referral_date: round.daysAgo(rng.int(0, 2)),
      cine_cin_primary_need_code: 'N1', cine_referral_source_code: rng.pick(['5A', '6', '2A', '3A']), cine_referral_nfa: 'N',
    });
    assessments.push({
      cina_assessment_id: round.newId('A'), cina_person_id: personId, cina_referral_id: referralId,
      cina_assessment_start_date: round.today,
    });
  }
  await round.insert('ssd_person', people, `new child ${idsOf(people, 'pers_person_id')}`);
  await round.insert('ssd_cin_episodes', episodes, `referral ${idsOf(episodes, 'cine_referral_id')} for new child`);
  await round.insert('ssd_cin_assessments', assessments, `assessment ${idsOf(assessments, 'cina_assessment_id')} for new child`);
}

function addressRow(round: ChangeRound, personId: string): SsdRow {
  const postcode = syntheticPostcode(round.rng);
  return {
    addr_table_id: round.newId('AD'), addr_person_id: personId, addr_address_type: 'HOME',
    addr_address_start_date: round.today, addr_address_end_date: null, addr_address_postcode: postcode,
    addr_address_json: JSON.stringify({ HOUSE: String(round.rng.int(1, 180)), STREET: round.rng.pick(STREETS), TOWN: round.rng.pick(TOWNS), POSTCODE: postcode }),
  };
}

/** A value from `choices` other than `current` (so an update really changes something). */
function other(rng: Random, choices: readonly string[], current: unknown): string {
  const rest = choices.filter((c) => c !== current);
  return rng.pick(rest.length > 0 ? rest : choices);
}

function newPostcode(rng: Random, current: unknown): string {
  let postcode = syntheticPostcode(rng);
  while (postcode === current) postcode = syntheticPostcode(rng);
  return postcode;
}
