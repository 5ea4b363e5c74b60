import { sqlFile } from '../sql-file.js';
import type { SqlNames } from '../sql-names.js';
import type { SqlRunner, SqlStatements } from '../sql-runner.js';
import type { MssqlConnection, MssqlQueryable } from './mssql-connection.js';
import { permissionDeniedOf, uniqueViolationOf } from './mssql-errors.js';

/** Statements run through `db`, SQL files read from sql/mssql/queries with `names`; parameters keep their `@name`. */
export function mssqlStatements(db: MssqlQueryable, names: SqlNames): SqlStatements {
  return { run: (query, params) => db.query(sqlFile('mssql', `queries/${query}.sql`, names), params), runSql: (sql, params) => db.query(sql, params), script: (sql) => db.exec(sql) };
}

/** The SQL runner on SQL Server: a transaction chosen as a deadlock victim is run again (MssqlConnection.transaction). */
export function mssqlRunner(db: MssqlConnection, names: SqlNames): SqlRunner {
  return {
    dialect: 'mssql',
    description: db.description,
    ...mssqlStatements(db, names),
    transaction: (fn) => db.transaction((tx) => fn(mssqlStatements(tx, names))),
    uniqueViolation: uniqueViolationOf,
    permissionDenied: permissionDeniedOf,
  };
}
