// `npm run demo`: a seeded registry with token auth on loopback, until Ctrl-C.
import { startDemoRegistry } from './fixtures/demo';

async function main() {
  const demo = await startDemoRegistry();
  console.log(demo.describe());
  console.log('\nRunning. Press Ctrl-C to stop.');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await demo.stop();
    console.log('Demo registry stopped.');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`The demo registry could not start: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
