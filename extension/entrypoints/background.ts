import { defineBackground } from 'wxt/utils/define-background';
import { toApiError } from '../background/api';
import { listenForCommands } from '../background/commands';
import { createCustomSites } from '../background/custom-sites';
import { createHandlers } from '../background/handlers';
import { createNotifications } from '../background/notifications';
import { createOutboxRunner } from '../background/outbox-runner';
import { createQueue } from '../background/queue';
import { forgetTokenInStorageLocal } from '../background/secret';
import { createSession } from '../background/session';
import { createTick } from '../background/tick';
import { handleMessages } from '../lib/messaging';

// The background service worker: the extension's only network client and the only holder
// of the token. Pages and content scripts ask it through lib/messaging.ts. This file only
// wires the jobs in extension/background/, each handed the others it uses; every listener
// is registered here, synchronously, so an event that wakes the worker finds it.

export default defineBackground(() => {
  void forgetTokenInStorageLocal();
  const session = createSession();
  const outbox = createOutboxRunner({ session });
  const queue = createQueue({ session, outbox });
  const notifications = createNotifications({ session });
  const ticks = createTick({ session, outbox, queue, notifications });

  handleMessages(createHandlers({ session, outbox, queue, notifications, ticks }), { toError: toApiError });
  ticks.listen();
  // A decision still inside its undo window when the worker stopped: sent when the window closes.
  void outbox.scheduleHeld();
  createCustomSites().listen();
  notifications.listen();
  listenForCommands();
});
