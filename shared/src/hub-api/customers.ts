/**
 * Customer lookup at the counter (issue 28): by typed ISMAIL ID or phone number.
 * Schemas of the hub's lookup route live here (filled by the customer lookup work).
 */
export {};
