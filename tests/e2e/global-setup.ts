// Builds the sample site once for all browser and built-site tests.
// It builds as a release does (productionBuildEnv), since vitest's own variables would turn drafts on.
// JIEDU_SKIP_BUILD=1 reuses an existing dist/ while iterating on tests locally.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { productionBuildEnv } from '../../src/release/build-env';

export default function setup(): void {
  if (process.env.JIEDU_SKIP_BUILD === '1' && existsSync('dist/index.html')) return;
  const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: productionBuildEnv() });
  if (result.status !== 0) throw new Error(`npm run build failed with exit code ${result.status}`);
}
