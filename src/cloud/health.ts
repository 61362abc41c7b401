import type { IncomingMessage, ServerResponse } from "node:http";
import type { Service } from "./types.ts";

/** LocalStack's health document, so tools that wait on `/_localstack/health` work unchanged. */
export interface HealthDocument {
  services: Record<string, "running" | "available">;
  edition: string;
  version: string;
}

export const SERVED_SERVICES = ["sqs", "s3", "sts", "lambda", "iam", "logs"] as const;

export function healthDocument(): HealthDocument {
  const services: Record<string, "running"> = {};
  for (const name of SERVED_SERVICES) services[name] = "running";
  return { services, edition: "orderflow-embedded", version: "0.1.0" };
}

export function createHealthService(): Service {
  return {
    name: "health",
    async handle(req: IncomingMessage, res: ServerResponse) {
      req.resume();
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD", "content-type": "application/json" });
        res.end(JSON.stringify({ error: "method not allowed" }));
        return;
      }
      const body = JSON.stringify(healthDocument());
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
      });
      res.end(req.method === "HEAD" ? undefined : body);
    },
  };
}
