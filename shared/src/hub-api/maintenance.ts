/**
 * The hub's maintenance area of its local API: export the unsynced work to an encrypted
 * bundle (answered as bytes), unpair or wipe, import a bundle on a replacement machine.
 */
import { Type, type Static } from '@sinclair/typebox';
import { hubObject, HubCount } from './common.js';

/** Bundle passphrases: long enough that the bundle's encryption is not the weak point. */
export const hubBundlePassphraseMinChars = 12;

export const HubBundleExportRequestSchema = hubObject({
  passphrase: Type.String({ minLength: hubBundlePassphraseMinChars, maxLength: 200 }),
});
export const HubUnpairRequestSchema = hubObject({
  hubId: Type.String({ maxLength: 36 }),
  wipe: Type.Optional(Type.Boolean()),
});
export const HubUnpairResponseSchema = hubObject({
  unpaired: Type.Literal(true),
  wiped: Type.Boolean(),
  unsyncedExported: HubCount,
});
export const HubBundleImportResponseSchema = hubObject({ operations: HubCount, lastSeq: HubCount });
export type HubUnpairResponse = Static<typeof HubUnpairResponseSchema>;
export type HubBundleImportResponse = Static<typeof HubBundleImportResponseSchema>;
