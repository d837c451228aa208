// Entry of the extension-host suite (`extensionTestsPath`): VS Code calls run() inside the
// extension host once the extension under development is loaded. Which spec file runs is chosen
// by the outer test through the config file.
import { readConfig } from './config';
import { runAll } from './framework';

export async function run(): Promise<void> {
  const config = readConfig();
  // Specs register their tests when loaded; require() keeps the choice at run time. Loading is the
  // setup of runAll, so a spec that throws while loading is reported at once as fatal.
  await runAll(config.resultsFile, () => {
    for (const spec of config.specs) require(`./${spec}`);
  });
}
