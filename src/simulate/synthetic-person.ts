import type { ChildKind, BirthDates } from './synthetic-child-kind.js';
import { ETHNICITIES, NATIONALITIES } from './synthetic-codes.js';
import { iso, type PersonRef, type SyntheticContext } from './synthetic-context.js';
import { personIdFor, syntheticUpn } from './synthetic-ids.js';
import { FORENAMES, SURNAMES } from './synthetic-names.js';

/**
 * Adds the `ssd_person` row of the `index`-th person and returns what later generators need.
 * Quirks of real loads are kept on purpose, in small proportions: missing or blank legacy
 * ids, a UPN column holding an UNn code, sex values other than M/F, a descriptive ethnicity.
 */
export function addPerson(ctx: SyntheticContext, index: number, kind: ChildKind, birth: BirthDates): PersonRef {
  const { rng } = ctx;
  const id = personIdFor(index);
  const legacyId = rng.weighted<string | null>([[`LEG-${index + 1}`, 90], [null, 8], ['  ', 2]]);
  const sex = kind === 'unborn' ? rng.weighted([['U', 80], ['F', 10], ['M', 10]]) : rng.weighted([['M', 49], ['F', 49], ['U', 1], ['I', 1]]);
  const upn = upnColumns(ctx, kind);
  const ethnicity = rng.weighted<string | null>([[rng.weighted(ETHNICITIES), 96], [null, 2], ['WBRI - White British', 2]]);
  const isAdultWoman = kind === 'adult' && sex === 'F';
  ctx.tables.ssd_person.push({
    pers_legacy_id: legacyId,
    pers_person_id: id,
    pers_upn: upn.upn,
    pers_forename: kind === 'unborn' && rng.chance(0.7) ? 'Unborn' : rng.pick(FORENAMES),
    pers_surname: rng.pick(SURNAMES),
    pers_sex: sex,
    pers_gender: sex,
    pers_ethnicity: ethnicity,
    pers_dob: iso(birth.dob),
    pers_single_unique_id: null,
    pers_upn_unknown: upn.unknown,
    pers_send_flag: rng.chance(0.12) ? 'Y' : 'N',
    pers_expected_dob: iso(birth.expectedDob),
    pers_death_date: kind === 'child' && rng.chance(0.002) ? iso(ctx.today - rng.int(1, 300)) : null,
    pers_is_mother: isAdultWoman && rng.chance(0.6) ? 'Y' : 'N',
    pers_nationality: rng.weighted(NATIONALITIES),
  });
  return { id, legacyId, dob: birth.dob, expectedDob: birth.expectedDob };
}

/** UPN or the reason it is unknown (UN1..UN10); adults have neither. */
function upnColumns(ctx: SyntheticContext, kind: ChildKind): { upn: string | null; unknown: string | null } {
  const { rng } = ctx;
  if (kind === 'adult') return { upn: null, unknown: null };
  if (kind === 'unborn') return { upn: null, unknown: 'UN1' };
  const roll = rng.next();
  if (roll < 0.82) return { upn: syntheticUpn(rng, ctx.laNumber), unknown: null };
  // SystemC sometimes loads the unknown-reason code into the UPN column itself.
  if (roll < 0.84) return { upn: `UN${rng.int(1, 10)}`, unknown: null };
  return { upn: null, unknown: `UN${rng.int(1, 10)}` };
}
