// Test helper, not a test: `node --import tsx deploy-at-signal.ts <npm run deploy arguments>` loads what
// scripts/deploy.ts needs, prints JIEDU_READY and waits; on SIGUSR1 it runs scripts/deploy.ts with the same
// arguments. The concurrency tests start several of these and signal them all at once, so the deploys really
// run together (spawning them one by one spread their starts over more than a small deploy takes). Production
// code is not changed by it.
export {};
await Promise.all([
  import('../../../src/release/cli'),
  import('../../../src/release/deploy-dir'),
  import('../../../src/release/deploy-s3'),
  import('../../../src/release/nginx-s3-proxy'),
  import('../../../src/release/s3-pointer'),
  import('../../../src/release/s3-store'),
  import('../../../src/release/load-release'),
  import('../../../src/release/manifest'),
]);
const wait = setInterval(() => {}, 60_000);
process.once('SIGUSR1', () => {
  clearInterval(wait);
  // parseArgs in scripts/deploy.ts reads process.argv after the script path: the arguments given here.
  void import('../../../scripts/deploy');
});
process.stdout.write('JIEDU_READY\n');
