import { createCloudClock, type CloudClock } from "./cloud-clock.ts";

const HOUR = 3_600_000;
let clocks: CloudClock[] = [];

function skipping(): CloudClock {
  const clock = createCloudClock("skip");
  clocks.push(clock);
  return clock;
}

afterEach(() => {
  for (const clock of clocks) clock.dispose();
  clocks = [];
});

/** Resolves with the clock's time when the timer fires. */
function firing(clock: CloudClock, ms: number): Promise<number> {
  return new Promise((resolve) => clock.schedule(ms, () => resolve(clock.now())));
}

/** Lets real time pass, long enough for several idle moments. */
const realPause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("the real clock is the wall clock and its timers fire in real time", async () => {
  const clock = createCloudClock("real");
  clocks.push(clock);
  const before = Date.now();
  expect(Math.abs(clock.now() - before)).toBeLessThan(50);
  const at = await firing(clock, 20);
  expect(at - before).toBeGreaterThanOrEqual(19);
  expect(clock.offset()).toBe(0);
});

test("an idle skipping clock jumps to its earliest timer", async () => {
  const clock = skipping();
  const start = clock.now();
  const at = await firing(clock, HOUR);
  expect(at - start).toBeGreaterThanOrEqual(HOUR);
  expect(at - start).toBeLessThan(HOUR + 1000);
  expect(clock.offset()).toBeGreaterThan(HOUR - 1000);
});

test("the earliest timer comes first, each at its own time", async () => {
  const clock = skipping();
  const start = clock.now();
  const order: string[] = [];
  const late = firing(clock, 30_000).then((at) => (order.push("late"), at));
  const early = firing(clock, 20_000).then((at) => (order.push("early"), at));
  const [lateAt, earlyAt] = await Promise.all([late, early]);
  expect(order).toEqual(["early", "late"]);
  expect(earlyAt - start).toBeGreaterThanOrEqual(20_000);
  expect(earlyAt - start).toBeLessThan(21_000);
  expect(lateAt - start).toBeGreaterThanOrEqual(30_000);
});

test("a cancelled timer is not jumped to", async () => {
  const clock = skipping();
  const start = clock.now();
  const cancel = clock.schedule(10_000, () => {
    throw new Error("cancelled timer fired");
  });
  cancel();
  const at = await firing(clock, 60_000);
  expect(at - start).toBeGreaterThanOrEqual(60_000);
});

test("a renewable timer is never jumped to on its own", async () => {
  const clock = skipping();
  const start = clock.now();
  let fired = false;
  clock.schedule(20_000, () => (fired = true), { renewable: true });
  await realPause(100);
  expect(fired).toBe(false);
  expect(clock.now() - start).toBeLessThan(1000);
});

test("a jump passes renewable timers on the way, each at its own time", async () => {
  const clock = skipping();
  const start = clock.now();
  const renewable = new Promise<number>((resolve) =>
    clock.schedule(20_000, () => resolve(clock.now()), { renewable: true }),
  );
  const target = firing(clock, 180_000);
  const [renewedAt, targetAt] = await Promise.all([renewable, target]);
  expect(renewedAt - start).toBeGreaterThanOrEqual(20_000);
  expect(renewedAt - start).toBeLessThan(21_000);
  expect(targetAt - start).toBeGreaterThanOrEqual(180_000);
  expect(targetAt - start).toBeLessThan(181_000);
});

test("no jump while the cloud holds; the jump comes once it lets go", async () => {
  const clock = skipping();
  const release = clock.hold();
  let fired = false;
  const at = firing(clock, HOUR).then((t) => ((fired = true), t));
  await realPause(100);
  expect(fired).toBe(false);
  release();
  release(); // releasing twice is harmless
  await at;
  expect(fired).toBe(true);
});

test("a held request parked in a wait lets time jump", async () => {
  const clock = skipping();
  const release = clock.hold();
  const start = clock.now();
  await clock.idleWhile(clock.sleep(HOUR));
  expect(clock.now() - start).toBeGreaterThanOrEqual(HOUR);
  release();
});

test("no jump while a busy check says work is ready", async () => {
  const clock = skipping();
  let ready = true;
  const remove = clock.busyWhen(() => ready);
  let fired = false;
  const at = firing(clock, HOUR).then(() => (fired = true));
  await realPause(100);
  expect(fired).toBe(false);
  ready = false;
  await at;
  remove();
});

test("sleep resolves early when its signal aborts", async () => {
  const clock = skipping();
  const release = clock.hold();
  const abort = new AbortController();
  const start = clock.now();
  const sleeping = clock.sleep(HOUR, abort.signal);
  abort.abort();
  await sleeping;
  expect(clock.now() - start).toBeLessThan(1000);
  release();
});
