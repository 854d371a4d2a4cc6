/**
 * Past the identity step, documents go into a case in draft: the open one, or a new one when
 * there is none yet or the last was rejected. A case already in review or approved sends the
 * person to the status page. One opening at a time: renders while the answer travels open no other.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.js';
import type { MyKyc } from './kyc-query.js';
import { forgetSignUp } from './wizard-state.js';

export function useDraftCase(
  hasSession: boolean,
  step: number,
  kyc: UseQueryResult<MyKyc>,
): { caseId: string | null; caseFailure: string | null } {
  const navigate = useNavigate();
  const [openedCaseId, setOpenedCaseId] = useState<string | null>(null);
  const [caseFailure, setCaseFailure] = useState<string | null>(null);
  const opening = useRef(false);
  const data = kyc.data;
  const caseId = (data?.case?.state === 'draft' ? data.case.caseId : null) ?? openedCaseId;
  const { refetch } = kyc;

  useEffect(() => {
    if (!hasSession || data === undefined || step === 0 || caseId !== null || opening.current) return;
    const state = data.case?.state;
    if (state === 'in_review' || state === 'approved' || data.account.status === 'active') {
      forgetSignUp();
      void navigate({ to: '/kyc' });
      return;
    }
    opening.current = true;
    void api
      .POST('/v1/kyc/cases')
      .then(({ data: opened, error }) => {
        if (opened !== undefined) setOpenedCaseId((opened as { caseId: string }).caseId);
        else if (error.error.code === 'CONFLICT') void refetch();
        else setCaseFailure('other');
      })
      .catch(() => setCaseFailure(navigator.onLine ? 'other' : 'offline'))
      .finally(() => {
        opening.current = false;
      });
  }, [hasSession, data, step, caseId, navigate, refetch]);

  return { caseId, caseFailure };
}
