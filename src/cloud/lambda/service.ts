// Contract placeholder: the Lambda service (issue 3) replaces this file.
import type { CloudContext, Service } from "../types.ts";

export function createLambdaService(_context: CloudContext): Service {
  return {
    name: "lambda",
    async handle(_req, res) {
      res.writeHead(501, { "content-type": "application/json" });
      res.end(JSON.stringify({ Type: "Server", Message: "Lambda is not built yet" }));
    },
  };
}
