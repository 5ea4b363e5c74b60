import { authoriseAssessments, deleteAssessments, startReassessments } from './change-assessment-ops.js';
import { addAdoptionDecisions, advancePermanence, ceaseCareEpisodes, changeLegalStatuses, deleteCareEpisodes, deletePermanence, deletePlacements } from './change-care-ops.js';
import { addConferences, cancelConferences, rescheduleConferences } from './change-conference-ops.js';
import {
  addCinPlans, addCpPlans, addS47Enquiries, closeEpisodes, completeS47Enquiries, deleteCinPlans, deleteCpPlans, deleteEpisodes,
  deleteS47Enquiries, endCinPlans, endCpPlans,
} from './change-episode-ops.js';
import { movePlacements, rewriteUnchanged, updateAssessmentFactors, updateRegistrationNumbers } from './change-linked-ops.js';
import {
  addCareLeaverContacts, addFormerUpns, addImmigrationStatuses, addSdqScores, correctLinkedIdentifiers, correctSdqScores,
  deleteCareLeaverContacts, deleteImmigrationStatuses, deleteSdqScores, endImmigrationStatuses, rekeyLinkedIdentifiers,
  updateCareLeaverContacts,
} from './change-person-detail-ops.js';
import {
  addAddresses, addDisabilities, addNewChildren, correctDisabilities, deleteAddresses, deleteDisabilities, deletePeople,
  updateAddressPostcodes, updateEthnicities, updateSurnames,
} from './change-person-ops.js';
import type { ChangeRound } from './change-round.js';
import { addInvolvements, addProfessionals, deleteEndedInvolvements, deleteProfessionals, endInvolvements } from './change-staff-ops.js';

/** One change operation: writes through the round, which records what it wrote. */
export type ChangeOperationFn = (round: ChangeRound) => Promise<void>;

/**
 * What a round does, in order: one slot per line; round `r` runs operation
 * `(r - 1) mod length` of each slot. Slots of one operation run every round (the kinds
 * every round makes); slots of three rotate through an insert, an update and a delete.
 * So every round writes all 19 tables, and any three consecutive rounds (the demo's
 * default 1-3) insert, update and delete in every table. Slots that pick victims from
 * another slot's table come after it, so related rows are never written twice (see
 * ChangeRound.isWritten).
 */
export const ROUND_SCHEDULE: readonly (readonly ChangeOperationFn[])[] = [
  // Person-level, every round.
  [updateSurnames], [updateEthnicities], [addAddresses], [updateAddressPostcodes], [deleteDisabilities], [deletePeople], [addNewChildren],
  // Referral-linked, every round.
  [closeEpisodes], [deleteEpisodes], [addCinPlans], [addS47Enquiries], [addCpPlans],
  // Indirect (via the assessment, fan-out, via the CLA id) and the no-op rewrite, every round.
  [updateAssessmentFactors], [updateRegistrationNumbers], [movePlacements], [rewriteUnchanged],
  // Person-level, in rotation.
  [deleteAddresses, addDisabilities, correctDisabilities],
  [addImmigrationStatuses, endImmigrationStatuses, deleteImmigrationStatuses],
  [addFormerUpns, correctLinkedIdentifiers, rekeyLinkedIdentifiers],
  [addSdqScores, correctSdqScores, deleteSdqScores],
  [updateCareLeaverContacts, addCareLeaverContacts, deleteCareLeaverContacts],
  // Referral-linked, in rotation (assessments carry their factors row along).
  [startReassessments, authoriseAssessments, deleteAssessments],
  [deleteCinPlans, completeS47Enquiries, endCinPlans],
  [endCpPlans, deleteS47Enquiries, deleteCpPlans],
  [ceaseCareEpisodes, changeLegalStatuses, deleteCareEpisodes],
  [addInvolvements, endInvolvements, deleteEndedInvolvements],
  // Multi-hop and fan-out, in rotation.
  [addConferences, rescheduleConferences, cancelConferences],
  [advancePermanence, addAdoptionDecisions, deletePermanence],
  [addProfessionals, deleteProfessionals, deletePlacements],
];

/** The operations of round `round`, in order. */
export function operationsForRound(round: number): ChangeOperationFn[] {
  return ROUND_SCHEDULE.map((slot) => slot[(round + slot.length - 1) % slot.length]).filter((op): op is ChangeOperationFn => op !== undefined);
}
