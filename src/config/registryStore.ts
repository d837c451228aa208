/**
 * The configured registries, kept in the global `registryExplorer.registries` setting (a user can
 * edit it by hand). Never holds secrets.
 */
import * as vscode from 'vscode';
import type { RegistryStore } from '../contracts';
import { registryIdOf, type RegistryEntry, type RegistrySetting } from '../model/registryEntry';
import type { TreeModelSettings } from '../model/services';

const SECTION = 'registryExplorer';
const KEY = 'registries';

function readSettings(): RegistrySetting[] {
  const raw = vscode.workspace.getConfiguration(SECTION).get<unknown>(KEY);
  return Array.isArray(raw) ? raw.filter((r): r is RegistrySetting => !!r && typeof r === 'object' && typeof (r as RegistrySetting).url === 'string') : [];
}

export class SettingsRegistryStore implements RegistryStore, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly subscription = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${SECTION}.${KEY}`)) this.emitter.fire();
  });

  list(): RegistryEntry[] {
    const seen = new Set<string>();
    const out: RegistryEntry[] = [];
    for (const s of readSettings()) {
      const id = registryIdOf(s);
      if (seen.has(id)) continue; // the first entry for a host wins, like the tree shows it
      seen.add(id);
      out.push({ ...s, id });
    }
    return out;
  }

  get(registryId: string): RegistryEntry | undefined {
    return this.list().find((r) => r.id === registryId);
  }

  private async write(settings: RegistrySetting[]): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update(KEY, settings, vscode.ConfigurationTarget.Global);
  }

  async add(setting: RegistrySetting): Promise<RegistryEntry> {
    const all = readSettings();
    const entry = merge(all, setting);
    await this.write(all);
    return entry;
  }

  async addAll(settings: RegistrySetting[]): Promise<void> {
    if (!settings.length) return;
    const all = readSettings();
    for (const s of settings) merge(all, s);
    await this.write(all);
  }

  async update(registryId: string, patch: Partial<RegistrySetting>): Promise<void> {
    const all = readSettings();
    const at = all.findIndex((s) => registryIdOf(s) === registryId);
    if (at < 0) throw new Error(`${registryId} is not in the registryExplorer.registries setting any more; refresh the view.`);
    const next: Record<string, unknown> = { ...all[at] };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete next[k];
      else next[k] = v;
    }
    all[at] = next as unknown as RegistrySetting;
    await this.write(all);
  }

  async remove(registryId: string): Promise<void> {
    await this.write(readSettings().filter((s) => registryIdOf(s) !== registryId));
  }

  async addRepository(registryId: string, repository: string): Promise<void> {
    const entry = this.get(registryId);
    const list = entry?.repositories ?? [];
    if (!list.includes(repository)) await this.update(registryId, { repositories: [...list, repository].sort() });
  }

  async removeRepository(registryId: string, repository: string): Promise<void> {
    const entry = this.get(registryId);
    const list = (entry?.repositories ?? []).filter((r) => r !== repository);
    await this.update(registryId, { repositories: list.length ? list : undefined });
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

/** Adds a setting to the list, or merges it into the entry with the same id. */
function merge(all: RegistrySetting[], setting: RegistrySetting): RegistryEntry {
  const id = registryIdOf(setting);
  const at = all.findIndex((s) => registryIdOf(s) === id);
  const clean = stripUndefined(setting);
  if (at >= 0) all[at] = { ...all[at], ...clean };
  else all.push(clean);
  return { ...(at >= 0 ? all[at] : clean), id };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The other settings, read fresh each time (they can change while the view is open). */
export function readViewSettings(): TreeModelSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const sort = c.get<string>('tagSort');
  return {
    pageSize: clampInt(c.get<number>('pageSize'), 1, 1000, 50),
    tagSort: sort === 'name' || sort === 'date' ? sort : 'version',
    detailsConcurrency: clampInt(c.get<number>('detailsConcurrency'), 1, 16, 4),
    showReferrerTags: c.get<boolean>('showReferrerTags') === true,
  };
}

function clampInt(v: number | undefined, min: number, max: number, fallback: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return fallback;
  return Math.min(max, Math.max(min, Math.round(v)));
}
