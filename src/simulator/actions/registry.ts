import { cwpActions } from './cwp.js';
import { stsActions } from './sts.js';
import { tcssActions } from './tcss.js';
import type { ActionDefinition } from './types.js';

/** Every simulated action by X-TC-Action (the names do not collide across services). */
export const ACTIONS: ReadonlyMap<string, ActionDefinition> = new Map(
  Object.entries({ ...tcssActions, ...cwpActions, ...stsActions }),
);
