import {
  CARE_LEAVER_ACCOMMODATION, CARE_LEAVER_ACTIVITY, CARE_LEAVER_ELIGIBILITY, CARE_LEAVER_IN_TOUCH,
} from './synthetic-codes.js';
import { iso, pickWorker, type PersonRef, type SyntheticContext } from './synthetic-context.js';

/** Descriptions SystemC sometimes loads instead of the one-character accommodation code. */
const ACCOMMODATION_DESCRIPTIONS = ['Independent living', 'Supported lodgings', 'Semi-independent', 'With parents or relatives'];
/**
 * What SystemC sometimes loads instead of the two-character activity code: the SSDA903 guide's
 * description, alone or after its code. The built-in list maps both (payload/code-lists.ts).
 */
const ACTIVITY_DESCRIPTIONS = [
  'Young person engaged full time in higher education (i.e. studies beyond A level)',
  'Young person engaged part time in training or employment (not apprenticeship)',
  'Young person not in education, employment or training because of other reasons',
  'F2 - Young person engaged full time in education other than higher education',
];

/**
 * Adds 1-3 care-leaver contact rows (`ssd_care_leavers`), newest last. The latest contact is
 * usually within the last year (inside the window), sometimes older so the cohort's
 * "latest contact in the window" test can fail. Codes are occasionally descriptions.
 */
export function addCareLeaverContacts(ctx: SyntheticContext, person: PersonRef): void {
  const { rng } = ctx;
  const count = rng.weighted([[1, 40], [2, 35], [3, 25]]);
  let contact = ctx.today - (rng.chance(0.9) ? rng.int(0, 300) : rng.int(800, 1200));
  const contacts: number[] = [];
  for (let i = 0; i < count; i++) {
    contacts.unshift(contact);
    contact -= rng.int(60, 200);
  }
  const worker = pickWorker(ctx);
  for (const day of contacts) {
    ctx.tables.ssd_care_leavers.push({
      clea_table_id: ctx.ids.next('CLEA'),
      clea_person_id: person.id,
      clea_care_leaver_eligibility: rng.pick(CARE_LEAVER_ELIGIBILITY),
      clea_care_leaver_in_touch: rng.weighted(CARE_LEAVER_IN_TOUCH),
      clea_care_leaver_latest_contact: iso(day),
      clea_care_leaver_accommodation: rng.chance(0.15) ? rng.pick(ACCOMMODATION_DESCRIPTIONS) : rng.pick(CARE_LEAVER_ACCOMMODATION),
      clea_care_leaver_accom_suitable: rng.chance(0.9) ? '1' : '2',
      clea_care_leaver_activity: rng.chance(0.15) ? rng.pick(ACTIVITY_DESCRIPTIONS) : rng.pick(CARE_LEAVER_ACTIVITY),
      // SystemC writes 1900-01-01 when no review date is known.
      clea_pathway_plan_review_date: rng.chance(0.1) ? '1900-01-01' : iso(day + rng.int(30, 180)),
      clea_care_leaver_personal_advisor: worker.name,
      clea_care_leaver_allocated_team: worker.team,
      clea_care_leaver_worker_id: worker.id,
    });
  }
}
