/**
 * ssd-delta's own tables, unqualified: the migration ledger, then each table a migration
 * creates, in order. `scripts` are the dialect's migrations with their names filled in
 * (`CREATE TABLE [dbo].[ssd_delta_owner] (`, `CREATE TABLE IF NOT EXISTS "public".ssd_delta_owner (`).
 */
export function ownTableNames(scripts: readonly string[]): string[] {
  const created = scripts.flatMap((sql) => [...sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?\S*\.[["]?(\w+)[\]"]? \(/g)].map((m) => m[1] ?? ''));
  return ['ssd_delta_migration', ...created];
}
