/**
 * The communes a provider may serve, as shared/src/services/places.ts lists them (the cloud checks each name against
 * that list). Copied as names only: importing the kernel's index would bring its schemas into this screen's bundle.
 */
export const communeNames = [
  'Abobo',
  'Adjamé',
  'Attécoubé',
  'Cocody',
  'Koumassi',
  'Marcory',
  'Plateau',
  'Port-Bouët',
  'Treichville',
  'Yopougon',
  'Bingerville',
  'Anyama',
  'Songon',
  'Bouaké',
  'Yamoussoukro',
  'San-Pédro',
  'Korhogo',
  'Daloa',
  'Grand-Bassam',
] as const;
