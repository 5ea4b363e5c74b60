import type { Random } from './random.js';
import { POSTCODE_AREAS, POSTCODE_UNIT_LETTERS } from './synthetic-names.js';

/**
 * A UK-shaped postcode such as 'LS12 3AB' (at most 8 characters, the placement column's
 * width). The unit letters never include X, so '0X' cannot appear (see POSTCODE_UNIT_LETTERS).
 */
export function syntheticPostcode(rng: Random): string {
  const district = rng.int(1, 29);
  const sector = rng.int(0, 9);
  return `${rng.pick(POSTCODE_AREAS)}${district} ${sector}${rng.pick(POSTCODE_UNIT_LETTERS)}${rng.pick(POSTCODE_UNIT_LETTERS)}`;
}
