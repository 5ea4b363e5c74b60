import type { ChildKind } from './synthetic-child-kind.js';
import { DISABILITIES, IMMIGRATION_OTHER } from './synthetic-codes.js';
import { iso, type PersonRef, type SyntheticContext } from './synthetic-context.js';
import { syntheticUpn } from './synthetic-ids.js';
import { STREETS, TOWNS } from './synthetic-names.js';
import { syntheticPostcode } from './synthetic-postcode.js';

/**
 * Person-level tables other than ssd_person: addresses, disabilities, immigration statuses
 * and linked identifiers. Each reaches the child through its own person column.
 */
export function addPersonDetails(ctx: SyntheticContext, person: PersonRef, kind: ChildKind): void {
  addAddresses(ctx, person);
  if (kind !== 'adult') addDisabilities(ctx, person);
  if (kind === 'child' || kind === 'care-leaver') addImmigration(ctx, person, kind);
  if (kind === 'child' && ctx.rng.chance(0.3)) addLinkedIdentifier(ctx, person);
}

/** 1-3 addresses back in time; the latest has no end date and gives the child's postcode. */
function addAddresses(ctx: SyntheticContext, person: PersonRef): void {
  const { rng } = ctx;
  const count = rng.weighted([[1, 20], [2, 35], [3, 45]]);
  let start = ctx.today - rng.int(20, 900);
  let end: number | null = null;
  for (let i = 0; i < count; i++) {
    const postcode = syntheticPostcode(rng);
    ctx.tables.ssd_address.push({
      addr_table_id: ctx.ids.next('AD'),
      addr_person_id: person.id,
      addr_address_type: rng.weighted([['HOME', 90], ['CORRESPONDENCE', 6], ['TEMPORARY', 4]]),
      addr_address_start_date: iso(start),
      addr_address_end_date: iso(end),
      addr_address_postcode: postcode,
      addr_address_json: JSON.stringify({
        ROOM: null, FLOOR: null, FLAT: null, BUILDING: null, HOUSE: String(rng.int(1, 180)),
        STREET: rng.pick(STREETS), TOWN: rng.pick(TOWNS), UPRN: rng.int(10_000_000, 99_999_999), POSTCODE: postcode,
      }),
    });
    end = start - 1;
    start = end - rng.int(60, 1500);
  }
}

/** None (40%), a NONE row (35%), or 1-3 codes; a few in lower case, as some loads have. */
function addDisabilities(ctx: SyntheticContext, person: PersonRef): void {
  const { rng } = ctx;
  const roll = rng.next();
  if (roll < 0.4) return;
  const codes = roll < 0.75 ? ['NONE'] : rng.sample(DISABILITIES, rng.weighted([[1, 60], [2, 30], [3, 10]]));
  for (const code of codes) {
    ctx.tables.ssd_disability.push({
      disa_table_id: ctx.ids.next('DI'),
      disa_person_id: person.id,
      disa_disability_code: rng.chance(0.03) ? ` ${code.toLowerCase()}` : code,
    });
  }
}

/** A few teenagers and care leavers have a status; most of those are UASC ('U'). */
function addImmigration(ctx: SyntheticContext, person: PersonRef, kind: ChildKind): void {
  const { rng } = ctx;
  const age = person.dob === null ? 0 : (ctx.today - person.dob) / 365.25;
  if (age < 12 || !rng.chance(kind === 'care-leaver' ? 0.12 : 0.04)) return;
  const uasc = rng.chance(0.7);
  const start = ctx.today - rng.int(30, 1500);
  const ended = kind === 'care-leaver' || rng.chance(0.2);
  ctx.tables.ssd_immigration_status.push({
    immi_immigration_status_id: ctx.ids.next('IM'),
    immi_person_id: person.id,
    immi_immigration_status_start_date: iso(start),
    immi_immigration_status_end_date: ended ? iso(Math.min(ctx.today - 1, start + rng.int(90, 1400))) : null,
    immi_immigration_status: uasc ? 'U' : rng.pick(IMMIGRATION_OTHER),
  });
}

/** Mostly a 13-character former UPN; some SystemC 'SSD_PH' placeholders and other types. */
function addLinkedIdentifier(ctx: SyntheticContext, person: PersonRef): void {
  const { rng } = ctx;
  const kind = rng.weighted([['former', 75], ['placeholder', 15], ['other', 10]] as const);
  const from = ctx.today - rng.int(100, 2500);
  ctx.tables.ssd_linked_identifiers.push({
    link_table_id: ctx.ids.next('LI'),
    link_person_id: person.id,
    link_identifier_type: kind === 'other' ? 'Unique Learner Number' : 'Former Unique Pupil Number',
    link_identifier_value: kind === 'former' ? syntheticUpn(rng, ctx.laNumber) : kind === 'placeholder' ? 'SSD_PH' : String(rng.int(1_000_000_000, 9_999_999_999)),
    link_valid_from_date: iso(from),
    link_valid_to_date: rng.chance(0.2) ? iso(from + rng.int(30, 900)) : null,
  });
}
