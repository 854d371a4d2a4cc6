/**
 * A hub's health report to its cloud (issue 28.5): what the hub alone can see (its outbox, its
 * dead letters, its revocation list's age, its printers out of paper), sent signed every minute
 * to POST /v1/hubs/health-reports. The cloud decides from it whether an incident opens or clears,
 * and who is told comes from the cloud's own records, never from the report. Every field is
 * bounded: a report is a few hundred bytes.
 */
import { Type, type Static } from '@sinclair/typebox';
import { UuidSchema } from '../text/uuid.js';

/** Printers a report lists (those out of paper): far above what one counter has. */
export const healthReportPrintersMax = 16;
/** The route's body limit, in bytes: a full report is well under 4 KiB. */
export const healthReportBodyMaxBytes = 8_192;

/** Ages in seconds: up to ten years, then it no longer matters by how much. */
const AgeS = Type.Integer({ minimum: 0, maximum: 315_360_000 });
const Count = Type.Integer({ minimum: 0, maximum: 100_000_000 });

export const HubHealthReportSchema = Type.Object(
  {
    v: Type.Literal(1),
    /** Must be the hub that signs the request: a report about another hub is refused. */
    hubId: UuidSchema,
    /** The hub's own clock when it wrote the report: the cloud compares it with its own. */
    at: Type.String({ format: 'date-time', maxLength: 40 }),
    outbox: Type.Object(
      {
        depth: Count,
        /** Age of the oldest operation not yet accepted by the cloud; null when the outbox is empty. */
        oldestPendingAgeS: Type.Union([AgeS, Type.Null()]),
        /** Operations the cloud refused (dead letters) still kept for staff. */
        rejected: Count,
      },
      { additionalProperties: false },
    ),
    /** Age of the card revocation list the hub holds; null when it has none yet. */
    revocationListAgeS: Type.Union([AgeS, Type.Null()]),
    /** Printers out of paper, with how long each has been. */
    printersOutOfPaper: Type.Array(
      Type.Object(
        {
          printerId: Type.String({ minLength: 1, maxLength: 36 }),
          name: Type.String({ minLength: 1, maxLength: 80 }),
          forS: AgeS,
        },
        { additionalProperties: false },
      ),
      { maxItems: healthReportPrintersMax },
    ),
  },
  { additionalProperties: false },
);
export type HubHealthReport = Static<typeof HubHealthReportSchema>;

export const HubHealthAnswerSchema = Type.Object({
  /** The incidents open for this hub after the report, by kind. */
  open: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 }),
});
export type HubHealthAnswer = Static<typeof HubHealthAnswerSchema>;
