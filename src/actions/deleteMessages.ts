/** Sentences for delete failures: what happened, what it means, what to do next. */
import { isRegistryError } from '../registry';

export function deleteFailureMessage(err: unknown, what: string, host: string): string {
  if (!isRegistryError(err)) return `${what}: ${err instanceof Error ? err.message : String(err)}`;
  switch (err.kind) {
    case 'unsupported':
      return `${what} was not deleted: deleting is disabled on ${host} (${err.status ?? ''} ${err.codes[0] ?? 'UNSUPPORTED'}). For a distribution registry, set storage.delete.enabled: true (REGISTRY_STORAGE_DELETE_ENABLED=true) and restart it.`.replace(
        '( ',
        '(',
      );
    case 'not-found':
      return `${what} is already gone from ${host}. Refresh the view to see the current tags.`;
    case 'denied':
      return `${what} was not deleted: your account may not delete here (${host} denied it). Ask the registry administrator for delete permission, or sign in as another user.`;
    case 'unauthorized':
      return `${what} was not deleted: ${host} did not accept your credentials for deleting, so your account may not delete here. Sign in again or as a user allowed to delete.`;
    case 'cancelled':
      return `${what} was not deleted: cancelled.`;
    default:
      return `${what} was not deleted: ${err.message}${err.hint ? ' ' + err.hint : ''}`;
  }
}
