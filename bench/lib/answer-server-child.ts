// Started by sdk-cost.ts through server-process.ts: an HTTP server that answers every request
// at once with an empty 200, in its own process so that the bench's CPU time is the client's
// alone. Sends { endpoint } over IPC when listening; "stop" closes it and exits.
import { createServer } from "node:http";

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { etag: '"0"', "x-amz-request-id": "0", "content-length": "0" });
    res.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  process.send!({ endpoint: `http://127.0.0.1:${address.port}` });
});
process.on("message", (message) => {
  if (message !== "stop") return;
  server.closeAllConnections();
  server.close(() => process.disconnect());
});
