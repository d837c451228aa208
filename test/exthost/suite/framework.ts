// A minimal ordered test runner for inside the extension host. node:test is not used there: the
// host's stdout goes nowhere useful and it exits 0 whatever happens, so results go to a JSON file
// that the outer node:test file (test/exthost/exthost.test.ts) reads and reports.
import { writeFileSync } from 'node:fs';

export interface ExtHostResult {
  name: string;
  ok: boolean;
  durationMs: number;
  /** Failure message with stack, when !ok. */
  error?: string;
}

export interface ExtHostResults {
  startedAt: string;
  finishedAt: string;
  results: ExtHostResult[];
  /** False while tests are still running (the file is rewritten after each test). */
  complete: boolean;
  /** Set when the suite itself could not run (setup threw). */
  fatal?: string;
}

type TestFn = () => Promise<void> | void;
const registered: { name: string; fn: TestFn; timeoutMs: number }[] = [];

/** Registers a test; tests run in registration order and share state on purpose (one registry, one tree). */
export function test(name: string, fn: TestFn, timeoutMs = 30_000): void {
  registered.push({ name, fn, timeoutMs });
}

function withTimeout(p: Promise<void>, ms: number, name: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`"${name}" timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

function describeError(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

/** Runs `setup` (loading the specs), then every registered test, and writes the results file (also after a fatal setup error). */
export async function runAll(resultsFile: string, setup: () => Promise<void> | void): Promise<void> {
  const out: ExtHostResults = { startedAt: new Date().toISOString(), finishedAt: '', results: [], complete: false };
  const save = () => {
    out.finishedAt = new Date().toISOString();
    writeFileSync(resultsFile, JSON.stringify(out, null, 2));
  };
  try {
    await setup();
  } catch (e) {
    out.fatal = `suite setup failed: ${describeError(e)}`;
    out.complete = true;
    save();
    return;
  }
  for (const t of registered) {
    const t0 = Date.now();
    try {
      await withTimeout(Promise.resolve().then(t.fn), t.timeoutMs, t.name);
      out.results.push({ name: t.name, ok: true, durationMs: Date.now() - t0 });
    } catch (e) {
      out.results.push({ name: t.name, ok: false, durationMs: Date.now() - t0, error: describeError(e) });
    }
    save(); // after each test, so a hung host still leaves partial results
  }
  out.complete = true;
  save();
}
