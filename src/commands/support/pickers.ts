/**
 * The quick picks behind `Pickers`. They return the same node objects the tree holds when the tree
 * has them loaded, so what a command does to a picked tag (delete, refresh) shows in the tree.
 */
import * as vscode from 'vscode';
import type { RegistryEntry } from '../../model/registryEntry';
import type { ClientPool, Pickers, PickOptions, RegistryStore, RegistryTree } from '../../contracts';
import type { TagNode } from '../../model/nodes';

/** Stop reading a list for a quick pick after this many names; the user can still type one. */
const PICK_LIMIT = 2000;

export function createPickers(deps: { registries: RegistryStore; clients: ClientPool; tree: RegistryTree }): Pickers {
  const { registries, clients, tree } = deps;

  async function pickRegistry(opts: PickOptions = {}): Promise<RegistryEntry | undefined> {
    const list = registries.list();
    if (list.length === 0) {
      const add = 'Add Registry…';
      const choice = await vscode.window.showInformationMessage('No registry is configured yet. Add one first.', add);
      if (choice === add) await vscode.commands.executeCommand('registryExplorer.addRegistry');
      return undefined;
    }
    if (list.length === 1) return list[0];
    const picked = await vscode.window.showQuickPick(
      list.map((r) => ({ label: r.id, description: r.name ?? r.username, entry: r })),
      { placeHolder: opts.placeHolder ?? 'Registry', title: opts.title, matchOnDescription: true, ignoreFocusOut: true },
    );
    return picked?.entry;
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

  /** A quick pick over names that also accepts a typed value not in the list. */
  async function pickName(names: string[], opts: PickOptions, problem: string | undefined, validate: (s: string) => boolean): Promise<string | undefined> {
    return new Promise((resolve) => {
      const qp = vscode.window.createQuickPick();
      qp.title = opts.title;
      qp.ignoreFocusOut = true;
      qp.placeholder = problem ? `${opts.placeHolder ?? ''} — could not list all (${problem}); type a name` : opts.placeHolder;
      const base = names.map((n) => ({ label: n }));
      qp.items = base;
      qp.onDidChangeValue((v) => {
        const typed = v.trim();
        qp.items = typed && validate(typed) && !names.includes(typed) ? [{ label: typed, description: 'use this name' }, ...base] : base;
      });
      let done = false;
      qp.onDidAccept(() => {
        const value = qp.selectedItems[0]?.label ?? qp.value.trim();
        done = true;
        resolve(value || undefined);
        qp.hide();
      });
      qp.onDidHide(() => {
        if (!done) resolve(undefined);
        qp.dispose();
      });
      qp.show();
    });
  }

  async function pickRepository(registryId: string, opts: PickOptions = {}): Promise<string | undefined> {
    const entry = registries.get(registryId);
    const byHand = entry?.repositories ?? [];
    const { names, error } = await readNames(() => clients.get(registryId).catalog({ pageSize: 1000 }));
    const all = [...new Set([...byHand, ...names])].sort();
    return pickName(all, { placeHolder: opts.placeHolder ?? `Repository on ${registryId}`, title: opts.title }, error && all.length === 0 ? error : error ? 'catalog incomplete' : undefined, (s) => /^[a-z0-9._\/-]+$/.test(s));
  }

  function tagNodesFor(registryId: string, repository: string, tags: string[]): TagNode[] {
    const loaded = new Map(tree.loadedTags(registryId, repository).map((t) => [t.tag, t]));
    return tags.map((tag) => loaded.get(tag) ?? { kind: 'tag', registryId, repository, tag });
  }

  async function pickTag(registryId: string, repository: string, opts: PickOptions & { canPickMany?: boolean } = {}): Promise<any> {
    const { names, error } = await readNames(() => clients.get(registryId).tags(repository, { pageSize: 1000 }));
    if (error && names.length === 0) {
      void vscode.window.showErrorMessage(`Could not list the tags of ${repository} on ${registryId}: ${error}`);
      return undefined;
    }
    const items = names.map((n) => ({ label: n }));
    const placeHolder = opts.placeHolder ?? `Tag of ${repository}`;
    if (opts.canPickMany) {
      const picked = await vscode.window.showQuickPick(items, { placeHolder, title: opts.title, canPickMany: true, ignoreFocusOut: true });
      return picked && picked.length ? tagNodesFor(registryId, repository, picked.map((p) => p.label)) : undefined;
    }
    const picked = await vscode.window.showQuickPick(items, { placeHolder, title: opts.title, ignoreFocusOut: true });
    return picked ? tagNodesFor(registryId, repository, [picked.label])[0] : undefined;
  }

  async function pickImage(opts: PickOptions & { canPickMany?: boolean } = {}): Promise<any> {
    const registry = await pickRegistry({ title: opts.title });
    if (!registry) return undefined;
    const repository = await pickRepository(registry.id, { title: opts.title });
    if (!repository) return undefined;
    return pickTag(registry.id, repository, { ...opts, canPickMany: opts.canPickMany as any });
  }

  return { pickRegistry, pickRepository, pickTag, pickImage } as Pickers;
}
