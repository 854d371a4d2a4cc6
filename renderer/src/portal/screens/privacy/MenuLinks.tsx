/** The privacy area's entries in the menu (issue 27). */
export function PrivacyMenuLinks() {
  return null;
}
