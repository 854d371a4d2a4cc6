/**
 * A long export's progress (issue 27): polls `GET /v1/export-jobs/:jobId` every 2 s while it runs, shows a progress
 * bar with the estimate, then the download link. Shared by the reports and personal-data screens. Placeholder until
 * the reports screens' engineer fills it (the props are the contract).
 */
export interface JobProgressProps {
  readonly jobId: string;
}

export function JobProgress({ jobId }: JobProgressProps) {
  return <p data-job-id={jobId} />;
}
