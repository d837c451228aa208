/**
 * The quick picks behind `Pickers`. They return the same node objects the tree holds when the tree
 * has them loaded, so what a command does to a picked tag (delete, refresh) shows in the tree.
 * Each pick is a step of its command's prompt when the command passes its step counter.
 */
import * as vscode from 'vscode';
import { subjectOfTag } from '../../registry';
import type { RegistryEntry } from '../../model/registryEntry';
import type { ClientPool, Pickers, PickOptions, RegistryStore, RegistryTree, StepTitle, TagPickOptions } from '../../contracts';
import type { TagNode } from '../../model/nodes';
import { askPick, askPicks, isCancelled } from './multiStep';

/** Stop reading a list for a quick pick after this many names; the user can still type one. */
const PICK_LIMIT = 2000;

export interface PickerDeps {
  registries: RegistryStore;
  clients: ClientPool;
  tree: RegistryTree;
  /** Whether referrer tags (`sha256-<hex>`, cosign's `.sig`) are offered, as the tree shows them. */
  showReferrerTags: () => boolean;
}

/** The title of a pick: its step of the command's prompt, or the plain title. */
function titleOf(opts: PickOptions, fallback: string): StepTitle | string {
  return opts.steps ? opts.steps.next(opts.title) : (opts.title ?? fallback);
}

export function createPickers(deps: PickerDeps): Pickers {
  const { registries, clients, tree } = deps;

  async function pickRegistry(opts: PickOptions = {}): Promise<RegistryEntry | undefined> {
    const list = registries.list();
    if (list.length === 0) {
      const add = 'Add Registry…';
      const choice = await vscode.window.showInformationMessage('No registry is configured yet. Add one first.', add);
      if (choice === add) await vscode.commands.executeCommand('registryExplorer.addRegistry');
      return undefined;
    }
    if (list.length === 1) {
      opts.steps?.skip();
      return list[0];
    }
    const picked = await askPick(
      titleOf(opts, 'Registry'),
      list.map((r) => ({ label: r.name ?? r.id, description: r.name ? r.id : r.username, entry: r })),
      {
        placeholder: opts.placeHolder ?? 'Registry',
        matchOnDescription: true,
      },
    );
    return isCancelled(picked) ? undefined : picked.entry;
  }

  async function readNames(iterable: () => AsyncIterable<string[]>): Promise<{ names: string[]; error?: string }> {
    const names: string[] = [];
    try {
      for await (const page of iterable()) {
        names.push(...page);
        if (names.length >= PICK_LIMIT) break;
      }
      return { names };
    } catch (e) {
      return { names, error: e instanceof Error ? e.message : String(e) };
    }
  }

  async function pickRepository(registryId: string, opts: PickOptions = {}): Promise<string | undefined> {
    const entry = registries.get(registryId);
    const byHand = entry?.repositories ?? [];
    const { names, error } = await readNames(() => clients.get(registryId).catalog({ pageSize: 1000 }));
    const all = [...new Set([...byHand, ...names])].sort();
    const problem = error && all.length === 0 ? error : error ? 'catalog incomplete' : undefined;
    const base = opts.placeHolder ?? `Repository on ${registryId}`;
    const valid = (s: string) => /^[a-z0-9._\/-]+$/.test(s);
    const picked = await askPick(
      titleOf(opts, 'Repository'),
      all.map((n) => ({ label: n })),
      {
        placeholder: problem ? `${base} — could not list all (${problem}); type a name` : base,
        // A name the list does not hold (no catalog, or a repository to create) can be typed.
        typed: (v) => (v.trim() && valid(v.trim()) && !all.includes(v.trim()) ? [{ label: v.trim(), description: 'use this name' }] : []),
      },
    );
    return isCancelled(picked) ? undefined : picked.label;
  }

  function tagNodesFor(registryId: string, repository: string, tags: string[]): TagNode[] {
    const loaded = new Map(tree.loadedTags(registryId, repository).map((t) => [t.tag, t]));
    return tags.map((tag) => loaded.get(tag) ?? { kind: 'tag', registryId, repository, tag });
  }

  async function pickTag(registryId: string, repository: string, opts: TagPickOptions & { canPickMany?: boolean } = {}): Promise<any> {
    const { names, error } = await readNames(() => clients.get(registryId).tags(repository, { pageSize: 1000 }));
    if (error && names.length === 0) {
      void vscode.window.showErrorMessage(`Could not list the tags of ${repository} on ${registryId}: ${error}`);
      return undefined;
    }
    const shown = names.filter((n) => n !== opts.except && (deps.showReferrerTags() || !subjectOfTag(n)));
    const items = shown.map((n) => ({ label: n, description: opts.note?.(n) }));
    const placeholder = opts.placeHolder ?? `Tag of ${repository}`;
    if (opts.canPickMany) {
      const picked = await askPicks(titleOf(opts, 'Tags'), items, { placeholder });
      return !isCancelled(picked) && picked.length
        ? tagNodesFor(
            registryId,
            repository,
            picked.map((p) => p.label),
          )
        : undefined;
    }
    const picked = await askPick(titleOf(opts, 'Tag'), items, { placeholder, matchOnDescription: true });
    return isCancelled(picked) ? undefined : tagNodesFor(registryId, repository, [picked.label])[0];
  }

  async function pickImage(opts: PickOptions & { canPickMany?: boolean } = {}): Promise<any> {
    const registry = await pickRegistry({ title: opts.title, steps: opts.steps });
    if (!registry) return undefined;
    const repository = await pickRepository(registry.id, { title: opts.title, steps: opts.steps });
    if (!repository) return undefined;
    return pickTag(registry.id, repository, { ...opts, canPickMany: opts.canPickMany as any });
  }

  return { pickRegistry, pickRepository, pickTag, pickImage } as Pickers;
}
