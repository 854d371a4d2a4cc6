/**
 * The seven ISMAIL profiles (SPEC 3.4), level 1 (most powerful) to 7.
 *
 * Owns: the profile names, levels and which need a second factor. Permissions (the RBAC
 * matrix) build on these in the identity module; this file never grants anything itself.
 */

export const profiles = [
  { level: 1, key: 'hyper_admin', label: { fr: 'Hyper Admin', en: 'Hyper Admin' } },
  { level: 2, key: 'super_admin', label: { fr: 'Super Admin', en: 'Super Admin' } },
  { level: 3, key: 'admin', label: { fr: 'Administrateur', en: 'Admin' } },
  { level: 4, key: 'agency_chief', label: { fr: "Chef d'Agence", en: 'Agency Chief' } },
  { level: 5, key: 'sales_rep', label: { fr: 'Responsable Commercial', en: 'Sales Rep' } },
  { level: 6, key: 'partner', label: { fr: 'Partenaire', en: 'Partner' } },
  { level: 7, key: 'client', label: { fr: 'Client', en: 'Client' } },
] as const;

export type Profile = (typeof profiles)[number];
export type ProfileKey = Profile['key'];
export type ProfileLevel = Profile['level'];

export const profileKeys: ProfileKey[] = profiles.map((p) => p.key);

export function profileByKey(key: ProfileKey): Profile {
  const profile = profiles.find((p) => p.key === key);
  // Every ProfileKey is in the table by construction; reaching this is a programmer error.
  if (profile === undefined) throw new Error(`unknown profile ${key}`);
  return profile;
}

/** SPEC 3.4: admin profiles (levels 1 to 3) must use a TOTP second factor. */
export function profileRequiresSecondFactor(key: ProfileKey): boolean {
  return profileByKey(key).level <= 3;
}
