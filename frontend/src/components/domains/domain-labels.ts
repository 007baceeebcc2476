// Words for domains: how a domain was verified and what its status means.
import type { DomainStatus, DomainVerificationMethod } from '../../gql/graphql';

export const methodLabels: Record<DomainVerificationMethod, string> = {
  DNS_TXT: 'DNS TXT record',
  HTTPS_FILE: 'HTTPS file',
};

export const statusLabels: Record<DomainStatus, string> = {
  VERIFIED: 'Verified',
  UNVERIFIED: 'Unverified',
};

/** How a domain's verification was proved: a check's method, or an operator's mark when verified without one. */
export function methodLabel(status: DomainStatus, method: DomainVerificationMethod | null | undefined): string {
  if (method) return methodLabels[method];
  return status === 'VERIFIED' ? 'Marked by an operator' : '—';
}

/** A domain whose daily re-check keeps failing loses its verification this long after the first failure. */
export const LAPSE_DAYS = 7;

export function lapseDate(failingSince: string): Date {
  return new Date(new Date(failingSince).getTime() + LAPSE_DAYS * 24 * 60 * 60 * 1000);
}
