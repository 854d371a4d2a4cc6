/**
 * Terminals on the shop LAN (issue 28): other machines paired to one hub that sell through it.
 * Schemas of the pairing and terminal routes live here (filled by the LAN terminals work).
 */
export {};
