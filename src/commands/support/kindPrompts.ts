/**
 * The prompts for a registry's kind and what that kind needs (Add Registry, Edit Connection), and
 * the probe that suggests the kind. Which questions each kind asks is decided in
 * model/registryKinds.ts.
 */
import * as vscode from 'vscode';
import { isRegistryError, probeRegistryKind, type RegistryApi, type RegistryKindProbe } from '../../registry';
import { checkAnswer, KIND_NAMES, kindChoices, kindQuestions, parseNamespaces, type KindChoice, type KindContext } from '../../model/registryKinds';
import type { StepCounter } from '../../contracts';
import { askPick, askText, CANCELLED, isCancelled, type Cancelled } from './multiStep';

/** The probe gives up after this long: a registry that is slow to say what it is gets the plain choice first. */
export const PROBE_TIMEOUT_MS = 5000;

/**
 * What the registry behind `client` is: by host name without a request, else the ping's realm
 * (the ping Add Registry already made is reused) and Harbor's system info. Stops after
 * PROBE_TIMEOUT_MS or when `signal` aborts; CANCELLED only for the latter.
 */
export async function probeKind(client: RegistryApi, signal: AbortSignal | undefined): Promise<RegistryKindProbe | Cancelled> {
  if (!client.vendor) return { evidence: 'no probe' };
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), PROBE_TIMEOUT_MS);
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort);
  try {
    return await probeRegistryKind(
      { host: client.host, baseUrl: client.baseUrl, ping: (o) => client.ping(o), vendor: (k, o) => client.vendor!(k, o) },
      { signal: stop.signal },
    );
  } catch (e) {
    if (signal?.aborted) return CANCELLED;
    if (isRegistryError(e) && e.kind === 'cancelled') return { evidence: `no answer within ${PROBE_TIMEOUT_MS / 1000} s` };
    return { evidence: e instanceof Error ? e.message : String(e) };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** The kind quick pick: the detected (or current) kind first, the plain registry always there. */
export async function askKind(at: ReturnType<StepCounter['next']>, first: KindChoice | undefined, note: string | undefined): Promise<KindChoice | Cancelled> {
  type Item = vscode.QuickPickItem & { choice: KindChoice };
  const items: Item[] = kindChoices(first).map((k, i) => ({ label: KIND_NAMES[k], choice: k, description: i === 0 && note ? note : undefined }));
  const picked = await askPick(at, items, { placeholder: 'What kind of registry is it? (decides how repositories are listed)' });
  return isCancelled(picked) ? CANCELLED : picked.choice;
}

/** Asks the kind's questions as steps; the answers, or CANCELLED on Escape at any of them. */
export async function askKindQuestions(
  steps: StepCounter,
  kind: KindChoice,
  ctx: KindContext,
): Promise<{ apiUrl?: string; namespaces?: string[] } | Cancelled> {
  const answers: { apiUrl?: string; namespaces?: string[] } = {};
  const questions = kindQuestions(kind, ctx);
  steps.add(questions.length);
  for (const q of questions) {
    const text = await askText(steps.next(`${KIND_NAMES[kind]}: ${ctx.registryId}`), {
      prompt: q.prompt,
      placeholder: q.placeholder,
      value: q.value,
      validate: (v) => checkAnswer(kind, q, v),
      required: q.optional ? undefined : 'Type the address, or press Escape to cancel.',
    });
    if (isCancelled(text)) return CANCELLED;
    if (q.field === 'apiUrl') answers.apiUrl = text.trim() || undefined;
    else answers.namespaces = parseNamespaces(text);
  }
  return answers;
}
