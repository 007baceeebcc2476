// The Audit log page's filters and page, kept in the URL so that a link shows the same
// events: actorId, action, targetId (the AuditEventFilter fields), from and to (days,
// UTC, both included) and cursor (the page: events older than it).
import { useCallback, useMemo } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import type { AuditEventFilter } from '../../gql/graphql';

export const AUDIT_PAGE_SIZE = 50;

export interface AuditUrlState {
  actorId: string | null;
  action: string | null;
  targetId: string | null;
  /** YYYY-MM-DD: events on or after the start of this day (UTC). */
  from: string | null;
  /** YYYY-MM-DD: events up to the end of this day (UTC). */
  to: string | null;
  /** The page: events after this cursor (older ones, newest first). */
  cursor: string | null;
}

export const emptyAuditState: AuditUrlState = { actorId: null, action: null, targetId: null, from: null, to: null, cursor: null };

function day(v: string | null): string | null {
  if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return null;
  return Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()) ? null : v;
}

function text(v: string | null): string | null {
  const t = v?.trim();
  return t ? t : null;
}

export function parseAuditUrl(params: URLSearchParams): AuditUrlState {
  return {
    actorId: text(params.get('actorId')),
    action: text(params.get('action')),
    targetId: text(params.get('targetId')),
    from: day(params.get('from')),
    to: day(params.get('to')),
    cursor: text(params.get('cursor')),
  };
}

export function auditUrlParams(state: AuditUrlState): URLSearchParams {
  const p = new URLSearchParams();
  if (state.actorId) p.set('actorId', state.actorId);
  if (state.action) p.set('action', state.action);
  if (state.targetId) p.set('targetId', state.targetId);
  if (state.from) p.set('from', state.from);
  if (state.to) p.set('to', state.to);
  if (state.cursor) p.set('cursor', state.cursor);
  return p;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The API's filter: `after` is the start of `from`, `before` the start of the day after `to`. */
export function auditEventFilter(state: AuditUrlState): AuditEventFilter | null {
  const where: AuditEventFilter = {};
  if (state.actorId) where.actorId = state.actorId;
  if (state.action) where.action = state.action;
  if (state.targetId) where.targetId = state.targetId;
  if (state.from) where.after = `${state.from}T00:00:00Z`;
  if (state.to) where.before = `${nextDay(state.to)}T00:00:00Z`;
  return Object.keys(where).length > 0 ? where : null;
}

export function isAuditFiltered(state: AuditUrlState): boolean {
  return auditEventFilter(state) !== null;
}

export type AuditUrlPatch = Partial<AuditUrlState>;

/** Marks a history entry reached with "Older events", so that "Newer events" can go back to it. */
interface PageHistoryState {
  auditOlder?: true;
}

/**
 * The state of the current URL, a setter (any filter change goes back to the newest
 * events) and paging: older (a new history entry), newer (back, when we came by older).
 */
export function useAuditUrlState() {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const state = useMemo(() => parseAuditUrl(params), [params]);
  const update = useCallback(
    (patch: AuditUrlPatch) =>
      setParams((current) => auditUrlParams({ ...parseAuditUrl(current), cursor: null, ...patch })),
    [setParams],
  );
  const older = useCallback(
    (cursor: string) =>
      setParams((current) => auditUrlParams({ ...parseAuditUrl(current), cursor }), { state: { auditOlder: true } satisfies PageHistoryState }),
    [setParams],
  );
  const canGoNewer = state.cursor !== null;
  const cameByOlder = (location.state as PageHistoryState | null)?.auditOlder === true;
  const newer = useCallback(() => {
    if (cameByOlder) navigate(-1);
    else update({ cursor: null });
  }, [cameByOlder, navigate, update]);
  return { state, update, older, newer, canGoNewer };
}
