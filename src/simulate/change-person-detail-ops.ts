import type { SsdRow } from '../source/ssd-row.js';
import { addYears } from '../core/iso-date.js';
import { idsOf, type ChangeRound } from './change-round.js';
import { CARE_LEAVER_ACTIVITY, IMMIGRATION_OTHER } from './synthetic-codes.js';
import { syntheticUpn } from './synthetic-ids.js';

/**
 * Change operations on the person-level tables a round writes in rotation: immigration
 * statuses, linked identifiers, SDQ scores and care-leaver contacts. Each has an insert, an
 * update and a delete, one per round (see change-schedule.ts).
 */

/** A teenager (12-17 today) with a known date of birth: who UASC statuses are recorded for. */
function isTeenager(round: ChangeRound, person: SsdRow): boolean {
  const dob = person.pers_dob;
  return typeof dob === 'string' && dob > addYears(round.today, -18) && dob <= addYears(round.today, -12);
}

/** A child recorded as an unaccompanied asylum-seeking child from today. */
export async function addImmigrationStatuses(round: ChangeRound): Promise<void> {
  const people = (await round.victims('ssd_person')).takePreferring(round.count(), (p) => isTeenager(round, p));
  const rows = people.map((p) => ({
    immi_immigration_status_id: round.newId('IM'), immi_person_id: p.pers_person_id ?? null,
    immi_immigration_status_start_date: round.today, immi_immigration_status_end_date: null, immi_immigration_status: 'U',
  }));
  await round.insert('ssd_immigration_status', rows, `UASC status ${idsOf(rows, 'immi_immigration_status_id')} for person ${idsOf(people, 'pers_person_id')}`);
}

/**
 * A status that ends today (leave granted, or the child turned 18): open rows first; an
 * already ended row has its end date corrected to today.
 */
export async function endImmigrationStatuses(round: ChangeRound): Promise<void> {
  const statuses = (await round.victims('ssd_immigration_status')).takePreferring(round.count(), (s) => s.immi_immigration_status_end_date === null);
  const rows = statuses.map((s) => ({ immi_immigration_status_id: s.immi_immigration_status_id ?? null, immi_immigration_status_end_date: round.today }));
  await round.update('ssd_immigration_status', rows, `immigration status ${idsOf(statuses, 'immi_immigration_status_id')} ended`);
}

/** A status recorded in error deleted (a UASC flag the child should never have had). */
export async function deleteImmigrationStatuses(round: ChangeRound): Promise<void> {
  const rows = (await round.victims('ssd_immigration_status')).take(round.count());
  await round.delete('ssd_immigration_status', rows, `immigration status ${idsOf(rows, 'immi_immigration_status_id')} deleted (recorded in error)`);
}

/** A former UPN recorded for a child who changed school (children with a UPN first). */
export async function addFormerUpns(round: ChangeRound): Promise<void> {
  const hasUpn = (p: SsdRow): boolean => typeof p.pers_upn === 'string' && /^[A-Z]\d{12}$/.test(p.pers_upn);
  const people = (await round.victims('ssd_person')).takePreferring(round.count(), hasUpn);
  const rows = people.map((p) => ({
    link_table_id: round.newId('LI'), link_person_id: p.pers_person_id ?? null, link_identifier_type: 'Former Unique Pupil Number',
    link_identifier_value: syntheticUpn(round.rng, laNumberOf(p)), link_valid_from_date: round.daysAgo(round.rng.int(30, 900)), link_valid_to_date: null,
  }));
  await round.insert('ssd_linked_identifiers', rows, `former UPN ${idsOf(rows, 'link_table_id')} for person ${idsOf(people, 'pers_person_id')}`);
}

/** A linked identifier's value corrected (a mistyped or placeholder former UPN replaced). */
export async function correctLinkedIdentifiers(round: ChangeRound): Promise<void> {
  const links = (await round.victims('ssd_linked_identifiers')).take(round.count());
  const rows = links.map((l) => ({ link_table_id: l.link_table_id ?? null, link_identifier_value: syntheticUpn(round.rng, 201 + round.rng.int(0, 698)) }));
  await round.update('ssd_linked_identifiers', rows, `value corrected on linked identifier ${idsOf(links, 'link_table_id')}`);
}

/**
 * SystemC's nightly NEWID(): linked identifiers reloaded with the same content under new
 * keys. No document may change; a key-based diff would wrongly see a delete and an insert.
 */
export async function rekeyLinkedIdentifiers(round: ChangeRound): Promise<void> {
  const old = (await round.victims('ssd_linked_identifiers')).take(round.count());
  const fresh = old.map((row): SsdRow => ({ ...row, link_table_id: round.newId('LI') }));
  await round.delete('ssd_linked_identifiers', old, `linked identifier ${idsOf(old, 'link_table_id')} reloaded`);
  await round.insert('ssd_linked_identifiers', fresh, `same content as ${idsOf(fresh, 'link_table_id')}`);
}

/** A new SDQ score for a looked-after child. */
export async function addSdqScores(round: ChangeRound): Promise<void> {
  const episodes = (await round.victims('ssd_cla_episodes')).take(round.count());
  const rows = episodes.map((e) => ({
    csdq_table_id: round.newId('SDQ'), csdq_person_id: e.clae_person_id ?? null, csdq_sdq_completed_date: round.today,
    csdq_sdq_score: round.rng.int(0, 40), csdq_sdq_reason: 'SSD_PH',
  }));
  await round.insert('ssd_sdq_scores', rows, `SDQ ${idsOf(rows, 'csdq_table_id')} for person ${idsOf(episodes, 'clae_person_id')}`);
}

/** An SDQ total mistyped and corrected (a missing score filled in, or a different total). */
export async function correctSdqScores(round: ChangeRound): Promise<void> {
  const scores = (await round.victims('ssd_sdq_scores')).take(round.count());
  const rows = scores.map((s) => {
    let score = round.rng.int(0, 40);
    while (score === s.csdq_sdq_score) score = round.rng.int(0, 40);
    return { csdq_table_id: s.csdq_table_id ?? null, csdq_sdq_score: score };
  });
  await round.update('ssd_sdq_scores', rows, `score corrected on SDQ ${idsOf(scores, 'csdq_table_id')}`);
}

/** An SDQ recorded in error (wrong child or duplicate form) deleted. */
export async function deleteSdqScores(round: ChangeRound): Promise<void> {
  const rows = (await round.victims('ssd_sdq_scores')).take(round.count());
  await round.delete('ssd_sdq_scores', rows, `SDQ ${idsOf(rows, 'csdq_table_id')} deleted (recorded in error)`);
}

/** A care leaver contacted today, with a new activity. */
export async function updateCareLeaverContacts(round: ChangeRound): Promise<void> {
  const leavers = (await round.victims('ssd_care_leavers')).take(round.count());
  const rows = leavers.map((c) => ({
    clea_table_id: c.clea_table_id ?? null, clea_care_leaver_latest_contact: round.today,
    clea_care_leaver_activity: round.rng.pick(CARE_LEAVER_ACTIVITY.filter((a) => a !== c.clea_care_leaver_activity)),
  }));
  await round.update('ssd_care_leavers', rows, `contact recorded on care leaver row ${idsOf(leavers, 'clea_table_id')}`);
}

/** A new contact row for a care leaver: same adviser and status, contact today, new activity. */
export async function addCareLeaverContacts(round: ChangeRound): Promise<void> {
  const leavers = (await round.victims('ssd_care_leavers')).take(round.count());
  const rows = leavers.map((c): SsdRow => ({
    ...c, clea_table_id: round.newId('CLEA'), clea_care_leaver_latest_contact: round.today, clea_care_leaver_in_touch: 'YES',
    clea_care_leaver_activity: round.rng.pick(CARE_LEAVER_ACTIVITY), clea_pathway_plan_review_date: round.daysAgo(-round.rng.int(30, 180)),
  }));
  await round.insert('ssd_care_leavers', rows, `care leaver contact ${idsOf(rows, 'clea_table_id')} for person ${idsOf(leavers, 'clea_person_id')}`);
}

/** A care-leaver contact recorded in error deleted: an older contact becomes the latest. */
export async function deleteCareLeaverContacts(round: ChangeRound): Promise<void> {
  const rows = (await round.victims('ssd_care_leavers')).take(round.count());
  await round.delete('ssd_care_leavers', rows, `care leaver row ${idsOf(rows, 'clea_table_id')} deleted (recorded in error)`);
}

/** The 3-digit LA number inside a person's UPN (characters 2-4), or 201 without one. */
function laNumberOf(person: SsdRow): number {
  const upn = typeof person.pers_upn === 'string' ? /^[A-Z](\d{3})/.exec(person.pers_upn) : null;
  return upn ? Number(upn[1]) : 201;
}
