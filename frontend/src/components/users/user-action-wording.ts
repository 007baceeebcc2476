// What the confirmation of suspend, restore and remove says (rules 7-9 and the seed FAQ):
// suspend keeps the access settings and can be restored; remove deletes the site's groups
// and product access and needs a new invitation; neither touches the account itself;
// deactivation is a different action, done on Managed accounts.

export type UserAction = 'suspend' | 'restore' | 'remove';

/** Where the action applies: one site, or every site of the organization (rule 9). */
export type ActionPlace =
  | { kind: 'site'; siteId: string; siteName: string }
  | { kind: 'organization'; organizationId: string; organizationName: string; siteNames: readonly string[] };

export interface ActionTarget {
  accountId: string;
  name: string;
  email: string;
  /** Managed by the viewer's organization: its lifecycle is on Managed accounts. */
  managed: boolean;
}

export interface ActionWording {
  title: string;
  /** What will happen, one sentence a line. */
  lines: string[];
  /** How this differs from deactivating the account. */
  deactivation: string;
  confirmLabel: string;
  color: string;
  /** Notification after success. */
  done: string;
}

function placeName(place: ActionPlace): string {
  if (place.kind === 'site') return place.siteName;
  const sites = place.siteNames.length > 0 ? ` (${place.siteNames.join(', ')})` : '';
  return `every site of ${place.organizationName}${sites}`;
}

function shortPlace(place: ActionPlace): string {
  return place.kind === 'site' ? place.siteName : `every site of ${place.organizationName}`;
}

export function actionWording(action: UserAction, place: ActionPlace, target: ActionTarget): ActionWording {
  const who = target.name || target.email;
  const where = placeName(place);
  const short = shortPlace(place);
  const sitesWord = place.kind === 'site' ? 'the site' : 'these sites';
  const account = target.managed
    ? `The account itself is not changed: it stays on Managed accounts and can still use other sites and products.`
    : `The account itself is not changed: it belongs to its owner or another organization and can still use other sites and products.`;
  const deactivation = target.managed
    ? 'Deactivating the account is a different action: it stops the account on every site, everywhere, and is done on Managed accounts.'
    : 'Deactivating the account is a different action, done on Managed accounts, and only by the organization that manages it: yours does not.';

  switch (action) {
    case 'suspend':
      return {
        title: `Suspend ${who} on ${short}?`,
        lines: [
          `${who} can no longer use ${where} or its products.`,
          `Their groups and product access are kept, so you can restore them later with the same access.`,
          account,
        ],
        deactivation,
        confirmLabel: place.kind === 'site' ? 'Suspend' : 'Suspend on every site',
        color: 'blue',
        done: `${who} is suspended on ${short}. Restore them to give the same access back.`,
      };
    case 'restore':
      return {
        title: `Restore ${who} on ${short}?`,
        lines: [
          `${who} gets access to ${where} back, with the groups and product access they had.`,
          `They return to the status they had before the suspension (Active, or Invited if they never used ${sitesWord}).`,
          account,
        ],
        deactivation,
        confirmLabel: place.kind === 'site' ? 'Restore' : 'Restore on every site',
        color: 'blue',
        done: `${who} is restored on ${short}.`,
      };
    case 'remove':
      return {
        title: `Remove ${who} from ${short}?`,
        lines: [
          `${who} loses access to ${where}: their groups and product access there are deleted.`,
          `To give access again you will need to send a new invitation. Their history on ${sitesWord} is kept.`,
          `To stop access only for a while, suspend instead: it keeps their access settings and can be restored.`,
          account,
        ],
        deactivation,
        confirmLabel: place.kind === 'site' ? 'Remove from site' : 'Remove from every site',
        color: 'red',
        done: `${who} is removed from ${short}. Invite them again to give access back.`,
      };
  }
}
