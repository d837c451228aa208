/**
 * Asks for the clean-up rules of one or several repositories: the saved rules, or a rule text
 * typed (checked as it is typed). Quick inputs with step counters, kept open when focus leaves;
 * Escape at any step returns undefined and nothing has changed.
 */
import * as vscode from 'vscode';
import type { CommandContext } from '../../contracts';
import { parseRules, SUGGESTED_RULES, type CleanupRules } from '../../actions/cleanup/rules';

export interface RepositoryRef {
  registryId: string;
  repository: string;
}

export interface RulesChoice extends RepositoryRef {
  rules: CleanupRules;
  /** Whether these are the saved rules of the repository (else the preview offers to save them). */
  saved: boolean;
}

export const RULES_PROMPT =
  'keep=N newest (by=version|date) · older=Dd · include=, exclude=, protect= globs or /regex/, comma-separated · referrers. Nothing is deleted before you read the preview.';

export async function askRules(ctx: CommandContext, targets: RepositoryRef[]): Promise<RulesChoice[] | undefined> {
  const what = targets.length === 1 ? targets[0].repository : `${targets.length} repositories`;
  const title = `Clean Up Tags: ${what}`;
  const saved = targets.map((t) => ctx.cleanupRules.get(t.registryId, t.repository));
  const allSaved = saved.every((s) => s !== undefined);
  let step = 1;
  const total = allSaved ? 2 : 1;
  if (allSaved) {
    const use = {
      label: targets.length === 1 ? `Saved rules: ${saved[0]}` : "Each repository's saved rules",
      detail: targets.length === 1 ? undefined : targets.map((t, i) => `${t.repository}: ${saved[i]}`).join(' · '),
      use: true,
    };
    const edit = { label: targets.length === 1 ? 'Edit the rules…' : 'Other rules for all of them…', use: false };
    const picked = await pickStep(title, step++, total, 'Which rules?', [use, edit]);
    if (!picked) return undefined;
    if (picked.use) {
      const out: RulesChoice[] = [];
      for (const [i, t] of targets.entries()) {
        const parsed = parseRules(saved[i]!);
        if (!parsed.rules)
          throw new Error(
            `The saved clean-up rules of ${t.registryId}/${t.repository} (setting registryExplorer.cleanupRules) are not valid: ${parsed.problem}. Edit them in the settings, or choose "Edit the rules…".`,
          );
        out.push({ ...t, rules: parsed.rules, saved: true });
      }
      return out;
    }
  }
  const text = await inputStep(title, step, total, targets.length === 1 ? (saved[0] ?? SUGGESTED_RULES) : SUGGESTED_RULES, (v) => parseRules(v).problem);
  if (text === undefined) return undefined;
  const rules = parseRules(text).rules!;
  return targets.map((t, i) => ({ ...t, rules, saved: saved[i] !== undefined && parseRules(saved[i]!).rules !== undefined && sameText(saved[i]!, text) }));
}

function sameText(a: string, b: string): boolean {
  return a.trim().split(/\s+/).join(' ') === b.trim().split(/\s+/).join(' ');
}

function pickStep<T extends vscode.QuickPickItem>(title: string, step: number, totalSteps: number, placeholder: string, items: T[]): Promise<T | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<T>();
    Object.assign(qp, { title, placeholder, items, ignoreFocusOut: true }, totalSteps > 1 ? { step, totalSteps } : {});
    let done = false;
    qp.onDidAccept(() => {
      done = true;
      resolve(qp.selectedItems[0]);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

function inputStep(title: string, step: number, totalSteps: number, value: string, problem: (v: string) => string | undefined): Promise<string | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    Object.assign(box, { title, value, prompt: RULES_PROMPT, placeholder: SUGGESTED_RULES, ignoreFocusOut: true }, totalSteps > 1 ? { step, totalSteps } : {});
    box.onDidChangeValue((v) => (box.validationMessage = problem(v)));
    let done = false;
    box.onDidAccept(() => {
      const p = problem(box.value);
      if (p) {
        box.validationMessage = p;
        return;
      }
      done = true;
      resolve(box.value.trim());
      box.hide();
    });
    box.onDidHide(() => {
      if (!done) resolve(undefined);
      box.dispose();
    });
    box.show();
  });
}
