/**
 * The personal-data registry (issue 27): every module's own declaration, gathered in one list the export, the erasure,
 * the retention job and the ARTCI register read. Order matters for erasure: a module's children come before their
 * parents, and identity's `accounts` comes last (every other table references it).
 */
import type { PersonalDataTable } from '../../platform/personal-data.js';
import { personalData as bankReconciliation } from '../bank-reconciliation/personal-data.js';
import { personalData as booking } from '../booking/personal-data.js';
import { personalData as cards } from '../cards/personal-data.js';
import { personalData as dashboard } from '../dashboard/personal-data.js';
import { personalData as debtCollection } from '../debt-collection/personal-data.js';
import { personalData as devices } from '../devices/personal-data.js';
import { personalData as documents } from '../documents/personal-data.js';
import { personalData as hubs } from '../hubs/personal-data.js';
import { personalData as identity } from '../identity/personal-data.js';
import { personalData as invoicing } from '../invoicing/personal-data.js';
import { personalData as kyc } from '../kyc/personal-data.js';
import { personalData as notifications } from '../notifications/personal-data.js';
import { personalData as payments } from '../payments/personal-data.js';
import { personalData as realEstate } from '../real-estate/personal-data.js';
import { personalData as reports } from '../reports/personal-data.js';
import { personalData as services } from '../services/personal-data.js';
import { personalData as shop } from '../shop/personal-data.js';
import { personalData as social } from '../social/personal-data.js';
import { personalData as support } from '../support/personal-data.js';
import { personalData as wallet } from '../wallet/personal-data.js';
import { personalData as webhooks } from '../webhooks/personal-data.js';
import { personalData as privacy } from './personal-data.js';

export const personalDataRegistry: readonly PersonalDataTable[] = [
  ...social,
  ...kyc,
  ...cards,
  ...wallet,
  ...payments,
  ...invoicing,
  ...shop,
  ...booking,
  ...services,
  ...realEstate,
  ...debtCollection,
  ...notifications,
  ...webhooks,
  ...devices,
  ...hubs,
  ...dashboard,
  ...bankReconciliation,
  ...reports,
  ...support,
  ...documents,
  ...privacy,
  ...identity,
];

/**
 * Tables with an account column (or a phone, e-mail or name) that are NOT about the person as a data subject, each with
 * why. The registry test fails on a table in neither list, so a new module's table cannot be forgotten.
 */
export const notPersonalTables: Readonly<Record<string, string>> = {
  // The audit chain is append-only and hashed: never changed (its actor columns name staff and users; see the report).
  audit_log: 'Journal d’audit inaltérable (preuve) : jamais modifié',
  // Reference data: names of agencies, units and products, not of people.
  agencies: 'Nom d’une agence ISMAIL (organisation, pas une personne)',
  collection_tasks: 'Tâches internes d’un agent de recouvrement (compte de travail)',
  ledger_check_runs: 'Contrôles du grand livre lancés par un administrateur (compte de travail)',
  real_estate_documents: 'Documents d’un bail, rattachés au bail (conservés avec lui)',
  real_estate_visit_feed: 'Flux technique des visites (identifiants seulement)',
  schema_migrations: 'Technique',
  demo_seed: 'Technique',
  shop_product_photos: 'Photos de produits du catalogue',
  service_categories: 'Référentiel des catégories',
  collection_opt_outs: 'Opposition aux relances : conservée pour être respectée (clé seule)',
  privacy_retention: 'Réglage des durées (administrateur)',
  document_retention: 'Réglage des durées par type de document',
  support_sla: 'Délais de réponse par catégorie (réglage administrateur)',
};
