/**
 * Columns every staging table ssd-delta made has (sql/<dialect>/migrations/0001_staging.sql):
 * a table of the configured name without them was made by something else. LAs that piloted the
 * DfE's reference senders have an `ssd_api_data_staging` of their own (`id INT`,
 * `person_id NVARCHAR(20)`, `current_hash BINARY(32)`, `'Pending'`), which ssd-delta must not adopt.
 */
export const STAGING_COLUMNS: readonly string[] = ['person_id', 'json_payload', 'current_hash', 'row_state', 'submission_status', 'attempt_count', 'offered_at', 'batch_id', 'lease_expires_at'];

/** Whether a table with these columns is a staging table ssd-delta made (none: there is no table). */
export function isSsdDeltaStaging(columns: readonly string[]): boolean {
  const have = new Set(columns.map((c) => c.toLowerCase()));
  return columns.length > 0 && STAGING_COLUMNS.every((c) => have.has(c));
}

/**
 * Why init refuses a staging table ssd-delta did not make, before the first migration would take
 * it as its own: `columns` are the existing table's (empty when there is none). Null: no refusal.
 */
export function foreignStagingRefusal(table: string, columns: readonly string[]): string | null {
  if (columns.length === 0) return null;
  const have = new Set(columns.map((c) => c.toLowerCase()));
  const missing = STAGING_COLUMNS.filter((c) => !have.has(c));
  if (missing.length === 0) return null;
  return (
    `${table} already exists and is not ssd-delta's: it has no ${missing.join(', ')} column${missing.length === 1 ? '' : 's'} ` +
    "(a staging table of the DfE's reference sender scripts, perhaps). ssd-delta leaves it as it is: set database.stagingTable " +
    'to another name (for example ssd_delta_staging) and run init again. The first run then sends every child once.'
  );
}
