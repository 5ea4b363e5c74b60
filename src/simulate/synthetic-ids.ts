import type { Random } from './random.js';

/**
 * Identifier formats of the synthetic LA.
 *
 * - Person ids are digits only (the API allows `[A-Za-z0-9]{1,20}` for la_child_id): base
 *   people get 7 digits from 1000000 up; children added by the change simulator get 11 digits
 *   starting with 9 (see `simulatedPersonId`), so the two can never meet.
 * - Every other id is a letter prefix plus a counter (`R12`, `A7`, `CP3`). The change
 *   simulator uses prefix + round + 'N' + counter (`R3N1`), a shape base ids never have.
 * - No id may contain '0x' in any case: the DfE gateway's firewall rejects the text. Prefixes
 *   hold no 'x' and counters are plain decimals, so the pair cannot form.
 */
export class IdAllocator {
  private readonly counters = new Map<string, number>();

  /** The next id for a prefix: `R1`, `R2`, ... */
  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}${n}`;
  }
}

/** The first base person id; 7 digits keeps ids realistic and leaves room for 9M people. */
const PERSON_ID_BASE = 1_000_000;

/** Person id of the `index`-th (0-based) generated person: digits only. */
export function personIdFor(index: number): string {
  return String(PERSON_ID_BASE + index);
}

/**
 * Person id of the `n`-th (1-based) child added by the change simulator in `round`: '9', the
 * round in 5 digits and n in 5 digits. 11 digits, so it never equals a 7-digit base id.
 */
export function simulatedPersonId(round: number, n: number): string {
  if (round < 0 || round > 99_999 || n < 1 || n > 99_999) {
    throw new Error(`simulated person id out of range: round ${round}, n ${n}`);
  }
  return `9${String(round).padStart(5, '0')}${String(n).padStart(5, '0')}`;
}

/** UPN check letters (the national list leaves out I, O and S). */
const UPN_LETTERS = [...'ABCDEFGHJKLMNPQRTUVWXYZ'];

/**
 * A 13-character UPN: check letter, 3-digit LA number, 4-digit school, 2-digit year, 3-digit
 * serial. A letter followed by digits can never form '0x'.
 */
export function syntheticUpn(rng: Random, laNumber: number): string {
  const school = String(rng.int(1000, 7999));
  const year = String(rng.int(5, 25)).padStart(2, '0');
  const serial = String(rng.int(1, 999)).padStart(3, '0');
  return `${rng.pick(UPN_LETTERS)}${laNumber}${school}${year}${serial}`;
}

/** A Social Work England registration number: 'SW' and 6 digits. */
export function swRegistrationNo(rng: Random): string {
  return `SW${String(rng.int(1, 999_999)).padStart(6, '0')}`;
}
