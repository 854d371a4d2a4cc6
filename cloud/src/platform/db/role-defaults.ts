/**
 * The statement timeout as a default of the cloud's role in its database (issue 29.7), not a
 * parameter of each connection's start-up packet: PgBouncer refuses start-up parameters it
 * does not track ("unsupported startup parameter: statement_timeout"), so the pool sends none,
 * and PostgreSQL applies the role's default to every new session, through a pooler or not.
 * Scoped to this database (`IN DATABASE`) so a shared server's other databases are untouched.
 */
import type pg from 'pg';

/** A statement that runs longer than this at a counter's request is a bug or a lock pile-up. */
export const statementTimeoutMs = 30_000;

export type RoleDefaultsOutcome = 'set' | 'already' | 'refused';

/**
 * Sets the default when it is missing or different. A role may set its own defaults; one
 * that may not (a locked-down role) is answered 'refused' with the statement a database
 * administrator runs instead: the cloud still starts, without the guard.
 */
async function currentSettings(pool: pg.Pool): Promise<{ role: string; database: string; settings: string[] }> {
  const { rows } = await pool.query<{ role: string; database: string; settings: string[] | null }>(
    `SELECT current_user AS role, current_database() AS database,
            (SELECT s.setconfig FROM pg_db_role_setting s
              WHERE s.setrole = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                AND s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())) AS settings`,
  );
  const row = rows[0];
  if (row === undefined) throw new Error('no answer from the database');
  return { role: row.role, database: row.database, settings: row.settings ?? [] };
}

export async function ensureRoleDefaults(pool: pg.Pool): Promise<{ outcome: RoleDefaultsOutcome; statement: string }> {
  const wanted = `statement_timeout=${String(statementTimeoutMs)}ms`;
  const row = await currentSettings(pool);
  const statement = `ALTER ROLE "${row.role.replaceAll('"', '""')}" IN DATABASE "${row.database.replaceAll('"', '""')}" SET statement_timeout = '${String(statementTimeoutMs)}ms'`;
  if (row.settings.includes(wanted)) return { outcome: 'already', statement };
  try {
    await pool.query(statement);
    return { outcome: 'set', statement };
  } catch {
    // Two processes starting together both find the default missing; the second ALTER ROLE
    // then collides with the first (a duplicate key in pg_db_role_setting, or "tuple
    // concurrently updated"). The default is there: that is not a refusal.
    if ((await currentSettings(pool)).settings.includes(wanted)) return { outcome: 'already', statement };
    return { outcome: 'refused', statement };
  }
}
