// A rollback decides where to go back to from the live pointer; these tests let another deploy switch the live
// release between that decision and the rollback's lock, on a real S3 server (s3rver with the fixes in helpers.ts).
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deployToS3 } from '../../../src/release/deploy-s3';
import { loadRelease, type LoadedRelease } from '../../../src/release/load-release';
import { rollbackS3 } from '../../../src/release/rollback-s3';
import { readLiveState, s3Keys } from '../../../src/release/s3-pointer';
import type { ObjectStore } from '../../../src/release/s3-store';
import { startS3, threeReleases } from './helpers';

let releaseRoot: string;
let v1: LoadedRelease;
let v2: LoadedRelease;
let v3: LoadedRelease;
let s3: Awaited<ReturnType<typeof startS3>>;

beforeAll(async () => {
  const releases = await threeReleases();
  releaseRoot = releases.releaseRoot;
  [v1, v2, v3] = await Promise.all([loadRelease(releases.v1.dir), loadRelease(releases.v2.dir), loadRelease(releases.v3.dir)]);
}, 150_000);
beforeEach(async () => {
  s3 = await startS3();
});
afterEach(async () => {
  await s3.close();
});

/** The bucket as the rollback sees it, where `race` runs (directly on the bucket) just before the rollback's `n`th attempt to take the lock. */
function racing(store: ObjectStore, n: number, race: () => Promise<unknown>): ObjectStore {
  let attempts = 0;
  return {
    ...store,
    async put(key, body, options) {
      if (key === s3Keys.lock && options.ifNoneMatch && ++attempts === n) await race();
      await store.put(key, body, options);
    },
  };
}

const live = async () => {
  const { pointer } = await readLiveState(s3.store);
  return { version: pointer?.version, history: pointer?.history.map((r) => r.version), switches: pointer?.switches?.map((s) => `${s.by} ${s.to.split('-')[0]}`) };
};

describe('a rollback while another deploy switches', () => {
  it('a rollback whose target release is whole stops, writing nothing, when a deploy switched after it chose the target', async () => {
    await deployToS3(s3.store, v1);
    await deployToS3(s3.store, v2);
    const store = racing(s3.store, 1, () => deployToS3(s3.store, v3));
    await expect(rollbackS3(store, releaseRoot)).rejects.toThrow(/线上版本在本次回滚读取之后变了.*现在线上是 3\.0\.0.*本次没有做任何改动/s);
    expect(await live()).toEqual({ version: '3.0.0', history: ['1.0.0', '2.0.0', '3.0.0'], switches: ['deploy 1.0.0', 'deploy 2.0.0', 'deploy 3.0.0'] });
  });

  it('a rollback that has to upload its target again stops, writing nothing, when a deploy switched before it took the lock for that', async () => {
    // keep 1: 1.0.0's files are collected when 3.0.0 goes live (its manifest and archive stay for rollbacks).
    for (const r of [v1, v2, v3]) await deployToS3(s3.store, r, { keep: 1 });
    // The second lock is the deploy of 1.0.0 from its archive, after the rollback found its prefix incomplete.
    const store = racing(s3.store, 2, () => deployToS3(s3.store, v2, { keep: 1 }));
    await expect(rollbackS3(store, releaseRoot, { to: '1.0.0', keep: 1 })).rejects.toThrow(/线上版本在本次回滚读取之后变了.*现在线上是 2\.0\.0.*本次没有做任何改动/s);
    expect(await live()).toEqual({ version: '2.0.0', history: ['1.0.0', '3.0.0', '2.0.0'], switches: ['deploy 1.0.0', 'deploy 2.0.0', 'deploy 3.0.0', 'deploy 2.0.0'] });
    expect((await s3.store.list(s3Keys.releasePrefix((await readLiveState(s3.store)).pointer!.history[0]!.id))).length).toBe(0);
  });
});
