import { readFileSync } from 'node:fs';
import { ConfigError } from '../core/errors.js';

/**
 * The person ids of `payload.cohortFile`: one `pers_person_id` per line; blank lines and lines
 * starting with `#` are ignored, and ids are trimmed. A file that cannot be read, or that holds
 * no id, is a config error (an empty list would take every child out of the cohort).
 */
export function readCohortFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`payload.cohortFile: ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); give a text file with one pers_person_id per line`);
  }
  const ids = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  if (ids.length === 0) throw new ConfigError(`payload.cohortFile: ${file} holds no person id; give one pers_person_id per line, or unset payload.cohortFile`);
  return ids;
}
