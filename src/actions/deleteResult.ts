/** What one delete group came to (see deleteExecute.ts). */
import type { PlannedDelete } from './deletePlan';

export type DeleteOutcome =
  /** The digest was deleted: every tag in `removedTags` is gone. */
  | 'deleted'
  /** Only the tags were deleted (OCI 1.1 delete by tag, or a vendor's untag); the image stays. */
  | 'untagged'
  /** Nothing to do: it was already gone. */
  | 'gone'
  | 'failed'
  | 'cancelled';

export interface DeleteResult {
  item: PlannedDelete;
  outcome: DeleteOutcome;
  /** Tags that no longer exist after this group (remove these nodes from the tree). */
  removedTags: string[];
  /** A sentence for the user. */
  message: string;
  error?: unknown;
}
