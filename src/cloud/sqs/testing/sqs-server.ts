// Test support: the SQS service alone on a node:http server of its own, on a free port.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { realClock, type Clock } from "../../clock.ts";
import { createSqsService, type SqsService } from "../service.ts";

export interface SqsServer {
  endpoint: string;
  service: SqsService;
  stop(): Promise<void>;
}

export interface SqsServerOptions {
  clock?: Clock;
  dataDir?: string;
  durability?: "NORMAL" | "FULL";
  region?: string;
  accountId?: string;
}

export async function startSqsServer(options: SqsServerOptions = {}): Promise<SqsServer> {
  let endpoint = "";
  const service = createSqsService({
    clock: options.clock ?? realClock,
    region: options.region ?? "us-east-1",
    accountId: options.accountId ?? "000000000000",
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    ...(options.durability ? { durability: options.durability } : {}),
    endpoint: () => endpoint,
  });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    service.handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    service,
    async stop() {
      await service.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
