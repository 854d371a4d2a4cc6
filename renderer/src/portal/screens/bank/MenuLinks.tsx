/** The bank area's entries in the menu (issue 27). */
export function BankMenuLinks() {
  return null;
}
