/**
 * Clean-up rules saved per repository in the user setting `registryExplorer.cleanupRules`, an
 * object from `registry/repository` (the registry's id, e.g. `registry.example.com:5000`, then
 * the repository) to the rule text. User settings only, like the registries: rules decide what
 * gets deleted, so a cloned workspace must not bring its own.
 */
import * as vscode from 'vscode';
import type { CleanupRuleStore } from '../contracts';

const SECTION = 'registryExplorer';
const KEY = 'cleanupRules';

export const cleanupRuleKey = (registryId: string, repository: string) => `${registryId}/${repository}`;

function read(): Record<string, string> {
  const raw = vscode.workspace.getConfiguration(SECTION).inspect<unknown>(KEY)?.globalValue;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  return Object.fromEntries(Object.entries(raw as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export class SettingsCleanupRuleStore implements CleanupRuleStore {
  constructor(private readonly registryIds: () => string[]) {}

  get(registryId: string, repository: string): string | undefined {
    return read()[cleanupRuleKey(registryId, repository)];
  }

  /** Entries whose key starts with a configured registry's id (the longest that fits, so `host:5000` is not read as `host`). */
  list(): { registryId: string; repository: string; rules: string }[] {
    const ids = [...this.registryIds()].sort((a, b) => b.length - a.length);
    const out: { registryId: string; repository: string; rules: string }[] = [];
    for (const [key, rules] of Object.entries(read())) {
      const registryId = ids.find((id) => key.startsWith(`${id}/`) && key.length > id.length + 1);
      if (registryId) out.push({ registryId, repository: key.slice(registryId.length + 1), rules });
    }
    return out.sort((a, b) => cleanupRuleKey(a.registryId, a.repository).localeCompare(cleanupRuleKey(b.registryId, b.repository)));
  }

  async set(registryId: string, repository: string, rules: string | undefined): Promise<void> {
    const all = read();
    const key = cleanupRuleKey(registryId, repository);
    if (rules === undefined) delete all[key];
    else all[key] = rules;
    await vscode.workspace.getConfiguration(SECTION).update(KEY, Object.keys(all).length ? all : undefined, vscode.ConfigurationTarget.Global);
  }
}
