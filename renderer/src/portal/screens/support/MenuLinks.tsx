/** The support area's entries in the menu (issue 27). */
export function SupportMenuLinks() {
  return null;
}
