/**
 * Names and places for synthetic people and addresses. Invented-looking but ordinary, so a
 * demo looks real without being anyone; logs and change notes still never print them.
 */

/** Given names (mixed). */
export const FORENAMES: readonly string[] = [
  'Oliver', 'Amelia', 'George', 'Isla', 'Noah', 'Ava', 'Arthur', 'Mia', 'Leo', 'Ivy', 'Oscar',
  'Lily', 'Harry', 'Florence', 'Muhammad', 'Willow', 'Jack', 'Freya', 'Charlie', 'Sophia',
  'Jacob', 'Grace', 'Thomas', 'Ella', 'Alfie', 'Evie', 'Finley', 'Poppy', 'Theo', 'Daisy',
  'Aisha', 'Kofi', 'Zofia', 'Mateusz', 'Amir', 'Priya', 'Tomasz', 'Ruby', 'Reggie', 'Layla',
];

/** Family names. */
export const SURNAMES: readonly string[] = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel',
  'Wright', 'Robinson', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall',
  'Wood', 'Jackson', 'Clarke', 'Hughes', 'Khan', 'Ahmed', 'Kowalski', 'Nowak', 'Okafor',
  'Mensah', 'Lewis', 'Harris', 'Martin', 'Cooper', 'King', 'Baker', 'Turner', 'Hill',
];

/** Street names for the address JSON. */
export const STREETS: readonly string[] = [
  'High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Park Avenue', 'Mill Lane',
  'Queens Road', 'Green Lane', 'Manor Way', 'Kings Close', 'Orchard Drive', 'Canal Walk',
];

/** Towns for the address JSON. */
export const TOWNS: readonly string[] = ['Northam', 'Easton', 'Westbury', 'Southfield', 'Midhurst', 'Riverton'];

/** Postcode areas (outward letters). */
export const POSTCODE_AREAS: readonly string[] = ['AB', 'B', 'CB', 'DE', 'LS', 'M', 'NE', 'NG', 'PL', 'SE', 'TS', 'WF'];

/**
 * Letters for the inward part of a postcode. Real postcodes exclude C I K M O V; we also leave
 * out X because the inward part starts with a digit, and '0X' must never appear in data sent
 * through the DfE gateway (its firewall rejects any '0x').
 */
export const POSTCODE_UNIT_LETTERS: readonly string[] = [...'ABDEFGHJLNPQRSTUWYZ'];
