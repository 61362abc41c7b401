// Started fresh by cloud-bench.ts for each cold-start sample: how long a new process takes
// to load the embedded cloud and answer its health check.
const beforeImport = performance.now();
const { startCloud } = await import("../../src/cloud/index.ts");
const imported = performance.now();
const cloud = await startCloud({ port: 0 });
const started = performance.now();
const health = await fetch(`${cloud.endpoint}/_localstack/health`);
if (!health.ok) throw new Error(`health check answered ${health.status}`);
await health.arrayBuffer();
const ready = performance.now();
process.send!({
  // performance.now() counts from the process's time origin, so this includes Node's own boot.
  cloudProcessToReadyMs: ready,
  cloudImportMs: imported - beforeImport,
  cloudStartMs: started - imported,
  cloudFirstHealthMs: ready - started,
});
await cloud.stop();
process.disconnect();
