import { addDays } from '../core/iso-date.js';
import { idsOf, type ChangeRound } from './change-round.js';

/**
 * Change operations on initial child protection conferences, which the builder reaches only
 * through their S47 enquiry (a multi-hop stream): one held, one rescheduled, one cancelled.
 */

/** An initial child protection conference held today for a section 47 enquiry. */
export async function addConferences(round: ChangeRound): Promise<void> {
  const enquiries = (await round.victims('ssd_s47_enquiry')).take(round.count());
  const rows = enquiries.map((s) => ({
    icpc_icpc_id: round.newId('ICPC'), icpc_icpc_meeting_id: round.newId('MTG'), icpc_s47_enquiry_id: s.s47e_s47_enquiry_id ?? null,
    icpc_person_id: s.s47e_person_id ?? null, icpc_referral_id: s.s47e_referral_id ?? null, icpc_icpc_transfer_in: 'N',
    icpc_icpc_date: round.today, icpc_icpc_outcome_cp_flag: 'N',
  }));
  await round.insert('ssd_initial_cp_conference', rows, `conference ${idsOf(rows, 'icpc_icpc_id')} for S47 ${idsOf(enquiries, 's47e_s47_enquiry_id')}`);
}

/**
 * A conference rescheduled: its date moves 1-7 days later, or earlier when that would pass
 * today (the SSD holds held conferences, so the date stays today or before).
 */
export async function rescheduleConferences(round: ChangeRound): Promise<void> {
  const conferences = (await round.victims('ssd_initial_cp_conference')).take(round.count());
  const rows = conferences.map((c) => {
    const held = typeof c.icpc_icpc_date === 'string' ? c.icpc_icpc_date : round.today;
    const shift = round.rng.int(1, 7);
    const later = addDays(held, shift);
    return { icpc_icpc_id: c.icpc_icpc_id ?? null, icpc_icpc_date: later <= round.today ? later : addDays(held, -shift) };
  });
  await round.update('ssd_initial_cp_conference', rows, `conference ${idsOf(conferences, 'icpc_icpc_id')} rescheduled`);
}

/** A conference cancelled and removed (ones that led to no CP plan first). */
export async function cancelConferences(round: ChangeRound): Promise<void> {
  const rows = (await round.victims('ssd_initial_cp_conference')).takePreferring(round.count(), (c) => c.icpc_cp_plan_id === null);
  await round.delete('ssd_initial_cp_conference', rows, `conference ${idsOf(rows, 'icpc_icpc_id')} cancelled (deleted)`);
}
