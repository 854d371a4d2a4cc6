/**
 * Who may see which account (SPEC 3.4: visibility goes down the tree only).
 *   all       admins: everyone
 *   team      agency chief: self, the sales reps they supervise, those reps' partners and
 *             their staff
 *   partners  sales rep: self, the partners attached to them and those partners' staff
 *   own       partner: self and its staff; client: self; partner staff: self and its partner
 * The result is a SQL condition on `accounts a`, so lists and single reads use one rule.
 */
import type { Principal, Scope } from '@ismail/shared';

export function visibleAccountsCondition(scope: Scope, principal: Principal, placeholder: string): string {
  // Typed explicitly: with scope 'all' the parameter is otherwise unused and PostgreSQL cannot infer it.
  const param = `${placeholder}::uuid`;
  switch (scope) {
    case 'all':
      return `(${param} IS NOT NULL)`;
    case 'team':
      return `(a.id = ${param} OR a.supervisor_id = ${param}
        OR a.sales_rep_id IN (SELECT r.id FROM accounts r WHERE r.supervisor_id = ${param})
        OR a.staff_of IN (SELECT p.id FROM accounts p JOIN accounts r ON p.sales_rep_id = r.id WHERE r.supervisor_id = ${param}))`;
    case 'partners':
      return `(a.id = ${param} OR a.sales_rep_id = ${param} OR a.staff_of IN (SELECT p.id FROM accounts p WHERE p.sales_rep_id = ${param}))`;
    case 'own':
      return principal.delegatedActions === undefined
        ? `(a.id = ${param} OR a.staff_of = ${param})`
        : `(a.id = ${param} OR a.id = (SELECT s.staff_of FROM accounts s WHERE s.id = ${param}))`;
  }
}
