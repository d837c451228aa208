/**
 * The prompts of commands that ask several things in a row. Each step is an input box or a quick
 * pick whose title VS Code draws with its counter ("Retag (2/3)", from `step`/`totalSteps`), and
 * Escape at any step answers CANCELLED, which every caller stops on: the whole command ends and
 * nothing changes. CANCELLED is not "left empty": an empty user name can mean "anonymous", an
 * Escape never does.
 */
import * as vscode from 'vscode';
import type { StepCounter, StepTitle } from '../../contracts';

export const CANCELLED = Symbol('cancelled');
export type Cancelled = typeof CANCELLED;

export function isCancelled(v: unknown): v is Cancelled {
  return v === CANCELLED;
}

/**
 * Numbers the steps of one command. It starts with the most steps the command can ask; a step
 * that turns out not to be needed (one registry: nothing to pick) is skipped before it would show,
 * so the counter never names a step that will not come.
 */
export class Steps implements StepCounter {
  private shown = 0;

  constructor(
    readonly title: string,
    private total: number,
  ) {}

  next(title?: string): StepTitle {
    this.shown++;
    return { title: title ?? this.title, step: this.shown, totalSteps: Math.max(this.total, this.shown) };
  }

  skip(count = 1): void {
    this.total -= count;
  }

  add(count: number): void {
    this.total += count;
  }
}

export interface TextStep {
  prompt?: string;
  placeholder?: string;
  value?: string;
  valueSelection?: [number, number];
  password?: boolean;
  /** A message while the value cannot be used, from the first change on (the prompt shows until then); Enter is refused meanwhile. */
  validate?: (value: string) => string | undefined;
  /** Shown when Enter is pressed on an empty value, which is then refused. */
  required?: string;
}

/** One input box; the text as typed ('' when left empty), or CANCELLED. */
export function askText(at: StepTitle | string, opts: TextStep): Promise<string | Cancelled> {
  const box = vscode.window.createInputBox();
  applyTitle(box, at);
  box.prompt = opts.prompt;
  box.placeholder = opts.placeholder;
  box.value = opts.value ?? '';
  if (opts.valueSelection) box.valueSelection = opts.valueSelection;
  box.password = !!opts.password;
  box.ignoreFocusOut = true;
  const check = (value: string) => opts.validate?.(value) ?? (opts.required && !value.trim() ? opts.required : undefined);
  return settle<string>(box, (finish, own) => {
    own(box.onDidChangeValue((v) => (box.validationMessage = v.trim() ? opts.validate?.(v) : undefined)));
    own(
      box.onDidAccept(() => {
        const problem = check(box.value);
        box.validationMessage = problem;
        if (!problem) finish(box.value);
      }),
    );
  });
}

export interface PickStep {
  placeholder?: string;
  matchOnDescription?: boolean;
  /** Items shown for a typed value (e.g. "use this name"), before the fixed ones. */
  typed?: (value: string) => vscode.QuickPickItem[];
}

/** One quick pick; the item chosen, or CANCELLED. */
export function askPick<T extends vscode.QuickPickItem>(at: StepTitle | string, items: readonly T[], opts: PickStep = {}): Promise<T | Cancelled> {
  const qp = vscode.window.createQuickPick<T>();
  applyTitle(qp, at);
  qp.placeholder = opts.placeholder;
  qp.matchOnDescription = !!opts.matchOnDescription;
  qp.ignoreFocusOut = true;
  qp.items = items;
  return settle<T>(qp, (finish, own) => {
    if (opts.typed) own(qp.onDidChangeValue((v) => (qp.items = [...(opts.typed!(v) as T[]), ...items])));
    own(
      qp.onDidAccept(() => {
        const picked = qp.selectedItems[0] ?? qp.activeItems[0];
        if (picked) finish(picked);
      }),
    );
  });
}

/** A quick pick of several items; the items checked (possibly none), or CANCELLED. */
export function askPicks<T extends vscode.QuickPickItem>(at: StepTitle | string, items: readonly T[], opts: PickStep = {}): Promise<readonly T[] | Cancelled> {
  const qp = vscode.window.createQuickPick<T>();
  applyTitle(qp, at);
  qp.placeholder = opts.placeholder;
  qp.canSelectMany = true;
  qp.ignoreFocusOut = true;
  qp.items = items;
  return settle<readonly T[]>(qp, (finish, own) => {
    own(qp.onDidAccept(() => finish([...qp.selectedItems])));
  });
}

function applyTitle(input: vscode.QuickInput, at: StepTitle | string): void {
  if (typeof at === 'string') {
    input.title = at;
    return;
  }
  input.title = at.title;
  // A prompt that turned out to have one step has no counter ("(1/1)" says nothing).
  if (at.totalSteps > 1) {
    input.step = at.step;
    input.totalSteps = at.totalSteps;
  }
}

/**
 * Shows `input` and resolves once: with what `wire`'s `finish` gives, or CANCELLED when the input
 * is hidden any other way (Escape, another prompt taking its place). Owns the input and its
 * listeners and disposes them when it settles.
 */
function settle<T>(input: vscode.QuickInput, wire: (finish: (value: T) => void, own: (d: vscode.Disposable) => void) => void): Promise<T | Cancelled> {
  return new Promise((resolve) => {
    const owned: vscode.Disposable[] = [];
    let done = false;
    const end = (value: T | Cancelled) => {
      if (done) return;
      done = true;
      resolve(value);
      for (const d of owned) d.dispose();
      input.dispose();
    };
    wire(
      (value) => end(value),
      (d) => owned.push(d),
    );
    owned.push(input.onDidHide(() => end(CANCELLED)));
    input.show();
  });
}
