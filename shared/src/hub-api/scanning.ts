/**
 * The hub's scanning area of its local API beyond the shared scan shapes
 * (scanning/scanner-config): a keyboard-wedge scan posted by the counter app, the scanners
 * configured here and the scans seen lately.
 */
import { Type } from '@sinclair/typebox';
import { ScanEventSchema, ScannerConfigSchema } from '../scanning/scanner-config.js';
import { hubObject } from './common.js';

export const HubScanRequestSchema = hubObject({ code: Type.String({ minLength: 1, maxLength: 2000 }) });
export const HubScannerListSchema = hubObject({ scanners: Type.Array(ScannerConfigSchema, { maxItems: 100 }) });
export const HubRecentScansSchema = hubObject({ scans: Type.Array(ScanEventSchema, { maxItems: 1000 }) });
