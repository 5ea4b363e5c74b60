/**
 * Words SQL Server or Postgres reserve, which ssd-delta's generated SQL would need to quote as
 * column names. The standard SSD's names are none of them; an LA's (`ssd.columns`) are checked
 * against this list. T-SQL's reserved keywords, and Postgres' reserved words that are not in it.
 */
const RESERVED = new Set(
  `add all alter and any as asc authorization backup begin between break browse bulk by cascade case check checkpoint close
clustered coalesce collate column commit compute constraint contains containstable continue convert create cross current
current_date current_time current_timestamp current_user cursor database dbcc deallocate declare default delete deny desc disk
distinct distributed double drop dump else end errlvl escape except exec execute exists exit external fetch file fillfactor for
foreign freetext freetexttable from full function goto grant group having holdlock identity identity_insert identitycol if in
index inner insert intersect into is join key kill left like lineno load merge national nocheck nonclustered not null nullif of
off offsets on open opendatasource openquery openrowset openxml option or order outer over percent pivot plan precision primary
print proc procedure public raiserror read readtext reconfigure references replication restore restrict return revert revoke
right rollback rowcount rowguidcol rule save schema securityaudit select semantickeyphrasetable semanticsimilaritydetailstable
semanticsimilaritytable session_user set setuser shutdown some statistics system_user table tablesample textsize then to top
tran transaction trigger truncate try_convert tsequal union unique unpivot update updatetext use user values varying view
waitfor when where while with within writetext
analyse analyze array asymmetric both cast current_catalog current_role do fetch grant initially lateral leading limit
localtime localtimestamp offset only placing returning session_user symmetric trailing variadic window`.split(/\s+/),
);

/** True when `name` is a word SQL Server or Postgres reserves. */
export function isReservedWord(name: string): boolean {
  return RESERVED.has(name.toLowerCase());
}
