/**
 * Acceptance set-up and tear-down hooks (beforeAll/afterAll: moto start, synth, fixtures, destroy)
 * get at least SETUP_HOOK_MS, whatever limit a file gives them. That work is CPU-bound, and the
 * tier runs several files at once beside the other CI tiers on 2 cores (jest.acceptance.config.js,
 * .ci/run), so a file's own 120 s guard, sized for a file run alone, fails a healthy set-up
 * (seen: moto taking 30 s to start, synth minutes, under a load average of 20). Test bodies keep
 * their limits; a hook that really hangs still fails, after SETUP_HOOK_MS.
 */
const SETUP_HOOK_MS = Number(process.env.AOA_ACCEPTANCE_HOOK_MS) || 600_000;

for (const name of ["beforeAll", "afterAll"]) {
  const original = globalThis[name];
  globalThis[name] = (fn, timeout) => original(fn, Math.max(timeout ?? 0, SETUP_HOOK_MS));
}
