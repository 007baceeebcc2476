// The Audit log's filters: who did it (an admin or an API key of the organization),
// which action, on which object (its id), and between which days (UTC). Each change is
// written to the URL (audit-url-state.ts).
import { Button, Group, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { auditActions } from './audit-actions';
import type { AuditUrlPatch, AuditUrlState } from './audit-url-state';
import { isAuditFiltered } from './audit-url-state';

export interface AuditActor {
  id: string;
  label: string;
}

export interface AuditFiltersProps {
  state: AuditUrlState;
  onChange: (patch: AuditUrlPatch) => void;
  /** The actors to offer: the organization's admins and API keys. */
  actors: readonly AuditActor[];
}

export function AuditFilters({ state, onChange, actors }: AuditFiltersProps) {
  // The target id is applied when the field is left or Enter is pressed, not while typing
  // (a partial id is not an id).
  const [target, setTarget] = useState(state.targetId ?? '');
  const [shownTarget, setShownTarget] = useState(state.targetId);
  if (shownTarget !== state.targetId) {
    setShownTarget(state.targetId);
    setTarget(state.targetId ?? '');
  }
  const applyTarget = () => {
    const t = target.trim() || null;
    if (t !== state.targetId) onChange({ targetId: t });
  };

  const actorOptions = actors.map((a) => ({ value: a.id, label: a.label }));
  if (state.actorId && !actors.some((a) => a.id === state.actorId)) actorOptions.push({ value: state.actorId, label: state.actorId });
  const actionOptions = state.action && !auditActions.includes(state.action) ? [state.action, ...auditActions] : auditActions;

  return (
    <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
      <Select
        label="Actor"
        placeholder="Anyone"
        data={actorOptions}
        value={state.actorId}
        onChange={(v) => onChange({ actorId: v })}
        searchable
        clearable
        w={220}
      />
      <Select
        label="Action"
        placeholder="Any action"
        data={actionOptions}
        value={state.action}
        onChange={(v) => onChange({ action: v })}
        searchable
        clearable
        w={220}
      />
      <TextInput
        label="Target ID"
        placeholder="acc_…, dom_…"
        value={target}
        onChange={(e) => setTarget(e.currentTarget.value)}
        onBlur={applyTarget}
        onKeyDown={(e) => {
          if (e.key === 'Enter') applyTarget();
        }}
        w={200}
      />
      <TextInput
        type="date"
        label="From (UTC)"
        value={state.from ?? ''}
        onChange={(e) => onChange({ from: e.currentTarget.value || null })}
        max={state.to ?? undefined}
        w={150}
      />
      <TextInput
        type="date"
        label="To (UTC)"
        value={state.to ?? ''}
        onChange={(e) => onChange({ to: e.currentTarget.value || null })}
        min={state.from ?? undefined}
        w={150}
      />
      {isAuditFiltered(state) && (
        <Button
          variant="subtle"
          onClick={() => onChange({ actorId: null, action: null, targetId: null, from: null, to: null })}
        >
          Clear filters
        </Button>
      )}
    </Group>
  );
}
