/**
 * The hub's printing area of its local API beyond the shared print shapes
 * (printing/print-status, printing/ticket): job and printer parameters, the job history,
 * the printers' status list and what discovery finds on this machine.
 */
import { Type, type Static } from '@sinclair/typebox';
import { PrinterStatusSchema, PrintJobSchema } from '../printing/print-status.js';
import { hubObject } from './common.js';

/** Jobs returned per history request. */
export const hubPrintHistoryPageMax = 200;

export const HubPrintJobParamsSchema = hubObject({ jobId: Type.String({ pattern: '^[0-9a-f]{64}$' }) });
/** Printer ids are the client's (PrinterConfig): any UUID, upper case too, hence the format. */
const PrinterId = Type.String({ format: 'uuid' });
export const HubPrinterParamsSchema = hubObject({ printerId: PrinterId });
/** Open: unknown query parameters have always been ignored here. */
export const HubPrintHistoryQuerySchema = Type.Object({
  printerId: Type.Optional(PrinterId),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: hubPrintHistoryPageMax })),
});
export const HubPrintHistorySchema = hubObject({
  jobs: Type.Array(PrintJobSchema, { maxItems: hubPrintHistoryPageMax }),
});
export const HubPrinterStatusListSchema = hubObject({ printers: Type.Array(PrinterStatusSchema, { maxItems: 100 }) });

const Transport = Type.Union(['tcp', 'usb', 'serial', 'bluetooth_spp', 'ble'].map((t) => Type.Literal(t)));
/** What this machine can print through, and the printers it sees (drivers' discovery). */
export const HubPrinterDiscoverySchema = hubObject({
  transports: Type.Array(
    hubObject({ transport: Transport, available: Type.Boolean(), detail: Type.String({ maxLength: 1000 }) }),
    { maxItems: 10 },
  ),
  candidates: Type.Array(
    hubObject({
      transport: Transport,
      label: Type.String({ maxLength: 300 }),
      /** What to put in a printer's configuration to use this device. */
      settings: Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 300 }), Type.Number()])),
    }),
    { maxItems: 200 },
  ),
});
export type HubPrinterDiscovery = Static<typeof HubPrinterDiscoverySchema>;
