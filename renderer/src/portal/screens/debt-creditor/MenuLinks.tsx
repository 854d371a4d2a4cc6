/** The debt collection entries in the menu of creditors (partners and their staff). */
export function DebtCreditorMenuLinks() {
  return null;
}
