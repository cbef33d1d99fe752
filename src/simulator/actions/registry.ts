import type { ActionName } from '../../api-models/actions.js';
import { cwpActions } from './cwp.js';
import { cwpMachineActions } from './cwp-machines.js';
import { cwpSummaryActions } from './cwp-summary.js';
import { stsActions } from './sts.js';
import { tcssActions } from './tcss.js';
import { tcssImageListActions } from './tcss-image-list.js';
import { tcssScanActions } from './tcss-scans.js';
import { tcssSummaryActions } from './tcss-summary.js';
import type { ActionDefinition } from './types.js';

/** Every action of the shared table, each answered by its handler (the compiler checks none is missing). */
const DEFINITIONS: { readonly [A in ActionName]: ActionDefinition<A> } = {
  ...tcssActions,
  ...tcssScanActions,
  ...cwpActions,
  ...tcssSummaryActions,
  ...cwpSummaryActions,
  ...tcssImageListActions,
  ...cwpMachineActions,
  ...stsActions,
};

/** Every simulated action by X-TC-Action (the names do not collide across services). */
export const ACTIONS: ReadonlyMap<string, ActionDefinition> = new Map(
  Object.values(DEFINITIONS).map((definition) => [definition.action, definition as ActionDefinition]),
);
