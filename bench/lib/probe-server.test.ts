import { startProbe } from "./probe-server.ts";

describe("probe server", () => {
  it("resolves a waiter with the start time a handler reported, before or after it waits", async () => {
    const probe = await startProbe();
    try {
      const early = await fetch(probe.url, {
        method: "POST",
        body: JSON.stringify({ startedAt: 12.5, bodies: ["a"] }),
      });
      expect(early.status).toBe(204);
      await expect(probe.waitFor("a", 1000)).resolves.toBe(12.5);
      const later = probe.waitFor("b", 5000);
      await fetch(probe.url, {
        method: "POST",
        body: JSON.stringify({ startedAt: 99, bodies: ["b", "c"] }),
      });
      await expect(later).resolves.toBe(99);
    } finally {
      await probe.close();
    }
  });

  it("rejects a waiter that hears nothing in time", async () => {
    const probe = await startProbe();
    try {
      await expect(probe.waitFor("never", 20)).rejects.toThrow(
        "no handler started on never within 20 ms",
      );
    } finally {
      await probe.close();
    }
  });
});
