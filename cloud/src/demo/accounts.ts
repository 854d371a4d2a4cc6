/**
 * Demo accounts, one per profile, created only when ISMAIL_DEMO is on. The passwords are
 * public on purpose (printed by `npm start`); a production cloud never runs in demo mode.
 */
import type { ProfileKey } from '@ismail/shared';

export interface DemoAccount {
  readonly id: string;
  readonly profile: ProfileKey;
  readonly displayName: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly password: string;
}

export const demoPassword = 'demo-ismail-2026';

/** TOTP secret of the demo admins (public: demo only). Add it to an authenticator app. */
export const demoTotpSecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** The demo counter operator: staff of the demo partner, with reading and selling delegated. */
export const demoStaff = {
  id: '00000000-0000-4000-8000-000000000008',
  displayName: 'Caisse 1 — Boutique Chez Adjoua',
  firstName: 'Mariam',
  lastName: 'Bamba',
  email: 'caisse@demo.ismail.ci',
  password: demoPassword,
  delegatedActions: ['read', 'write'],
} as const;

export const demoAccounts: readonly DemoAccount[] = [
  {
    id: '00000000-0000-4000-8000-000000000001',
    profile: 'hyper_admin',
    displayName: 'Awa Koné',
    firstName: 'Awa',
    lastName: 'Koné',
    email: 'hyper@demo.ismail.ci',
    password: demoPassword,
  },
  {
    id: '00000000-0000-4000-8000-000000000002',
    profile: 'super_admin',
    displayName: 'Yao Kouassi',
    firstName: 'Yao',
    lastName: 'Kouassi',
    email: 'super@demo.ismail.ci',
    password: demoPassword,
  },
  {
    id: '00000000-0000-4000-8000-000000000003',
    profile: 'admin',
    displayName: 'Fatou Traoré',
    firstName: 'Fatou',
    lastName: 'Traoré',
    email: 'admin@demo.ismail.ci',
    password: demoPassword,
  },
  {
    id: '00000000-0000-4000-8000-000000000004',
    profile: 'agency_chief',
    displayName: 'Koffi N’Guessan',
    firstName: 'Koffi',
    lastName: 'N’Guessan',
    email: 'chef@demo.ismail.ci',
    password: demoPassword,
  },
  {
    id: '00000000-0000-4000-8000-000000000005',
    profile: 'sales_rep',
    displayName: 'Aminata Diallo',
    firstName: 'Aminata',
    lastName: 'Diallo',
    email: 'commercial@demo.ismail.ci',
    password: demoPassword,
  },
  {
    id: '00000000-0000-4000-8000-000000000006',
    profile: 'partner',
    displayName: 'Boutique Chez Adjoua',
    firstName: 'Adjoua',
    lastName: 'Kouamé',
    email: 'partenaire@demo.ismail.ci',
    password: demoPassword,
  },
  {
    id: '00000000-0000-4000-8000-000000000007',
    profile: 'client',
    displayName: 'Ibrahim Ouattara',
    firstName: 'Ibrahim',
    lastName: 'Ouattara',
    email: 'client@demo.ismail.ci',
    password: demoPassword,
  },
];
