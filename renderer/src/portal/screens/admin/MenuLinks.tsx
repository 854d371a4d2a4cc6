/** The admin area's entries in the menu, shown only to the profiles the cloud lets use them (none yet). */
export function AdminMenuLinks() {
  return null;
}
