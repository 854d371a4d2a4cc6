/** The reports area's entries in the menu (issue 27). */
export function ReportsMenuLinks() {
  return null;
}
