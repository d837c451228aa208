/** Which registry a command is about: the clicked node's, or one the user picks. */
import type { RegistryEntry } from '../../model/registryEntry';
import type { CommandContext, StepCounter } from '../../contracts';

/** With `steps`, the pick is the prompt's first step (skipped when the node or argument names the registry). */
export async function registryFromArg(ctx: CommandContext, arg: unknown, placeHolder: string, steps?: StepCounter): Promise<RegistryEntry | undefined> {
  const id =
    typeof arg === 'string'
      ? arg
      : arg && typeof arg === 'object' && typeof (arg as { registryId?: unknown }).registryId === 'string'
        ? (arg as { registryId: string }).registryId
        : undefined;
  if (id) {
    const entry = ctx.registries.get(id);
    if (!entry) throw new Error(`${id} is not a configured registry any more; refresh the view.`);
    steps?.skip();
    return entry;
  }
  return ctx.pickers.pickRegistry({ placeHolder, steps });
}
