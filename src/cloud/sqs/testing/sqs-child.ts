// Test support: an SQS server with a data directory in a process of its own, so that a test
// can kill it. Prints its endpoint as the first line on stdout, then serves until killed.
import { startSqsServer } from "./sqs-server.ts";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: sqs-child.ts <data dir>");
const server = await startSqsServer({ dataDir });
process.stdout.write(`${server.endpoint}\n`);
