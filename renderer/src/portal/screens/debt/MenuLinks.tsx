/** The debtor's entry in the menu: my debts. */
export function DebtMenuLinks() {
  return null;
}
