/**
 * Progress for work that a modal dialog follows (finding every tag a delete takes along). The
 * Registries view shows its progress bar at once; a notification with Cancel appears only when
 * the work lasts. VS Code keeps a progress notification on screen for at least 800 ms after it
 * appeared, so a dialog shown as soon as the work ends would stand beside a stale notification
 * whose Cancel no longer cancels anything: when one was shown, this returns once it has gone.
 */
import * as vscode from 'vscode';
import { waitsShownIn } from '../../config/clientPool';
import { VIEW_ID } from '../../tree/provider';

type Report = { message?: string; increment?: number };

/** How long work runs before it gets a notification with Cancel. */
const NOTIFY_AFTER_MS = 1500;
/** VS Code's minimum time on screen for a progress notification, with a margin for the round trip. */
const NOTIFICATION_MIN_MS = 800 + 200;

export async function withProgressBeforeDialog<T>(title: string, task: (progress: vscode.Progress<Report>, signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  let last: Report | undefined;
  let forward: ((r: Report) => void) | undefined;
  const progress: vscode.Progress<Report> = {
    report: (r) => {
      last = { ...last, ...r };
      forward?.(r);
    },
  };
  const showWait = (w: { reason: string; host: string; ms: number }) =>
    progress.report({
      message:
        w.reason === 'retry-after'
          ? `${w.host} asked to wait ${Math.round(w.ms / 1000)} s…`
          : `${w.host} is not answering; trying again in ${Math.round(w.ms / 1000)} s…`,
    });
  const work = waitsShownIn.run(showWait, () => task(progress, ac.signal));
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  void vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => settled);

  let notifiedAt: number | undefined;
  const timer = setTimeout(() => {
    notifiedAt = Date.now();
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (notification, token) => {
      const sub = token.onCancellationRequested(() => ac.abort());
      forward = (r) => notification.report(r);
      if (last?.message) notification.report({ message: last.message });
      return settled.finally(() => sub.dispose());
    });
  }, NOTIFY_AFTER_MS);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
    forward = undefined;
    const left = notifiedAt === undefined ? 0 : notifiedAt + NOTIFICATION_MIN_MS - Date.now();
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }
}
