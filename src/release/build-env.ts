/**
 * The environment for a production build. Test runners set NODE_ENV=test and import.meta.env-style variables
 * (DEV=1, MODE=test, PROD=, SSR=1, BASE_URL=/); Astro passes process.env through to server code, so a build
 * started from a test (or from a shell that has them) would take DEV for true and build drafts and scheduled
 * entries. Releases and the determinism test build with these removed and NODE_ENV=production.
 */

/** Variables that change what a build outputs and have no place in a production build. */
const LEAKING = ['DEV', 'PROD', 'SSR', 'MODE', 'BASE_URL', 'TEST'];

/** A copy of env for `astro build`: NODE_ENV=production, telemetry off, test runners' variables removed. */
export function productionBuildEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, NODE_ENV: 'production', ASTRO_TELEMETRY_DISABLED: '1' };
  for (const key of Object.keys(out)) if (LEAKING.includes(key) || key.startsWith('VITEST')) delete out[key];
  return out;
}
