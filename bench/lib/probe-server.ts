import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as z from "zod";

const reportSchema = z.object({ startedAt: z.number(), bodies: z.array(z.string()) });

export interface Probe {
  url: string;
  /** Resolves with the handler's start time once a record with this body has been seen. */
  waitFor(body: string, timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

/** A loopback HTTP server the probe handler reports to: body -> the moment a handler started on it. */
export async function startProbe(): Promise<Probe> {
  const seen = new Map<string, number>();
  const waiters = new Map<string, (t: number) => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const report = reportSchema.parse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      for (const body of report.bodies) {
        seen.set(body, report.startedAt);
        waiters.get(body)?.(report.startedAt);
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    waitFor(body, timeoutMs) {
      const known = seen.get(body);
      if (known !== undefined) return Promise.resolve(known);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(body);
          reject(new Error(`no handler started on ${body} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.set(body, (t) => {
          clearTimeout(timer);
          waiters.delete(body);
          resolve(t);
        });
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
