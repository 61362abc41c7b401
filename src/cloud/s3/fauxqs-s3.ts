/*
 * S3 and STS on the cloud's port, served by fauxqs through its public API: a fauxqs server of
 * its own on a loopback port, and every request that is not for one of orderflow's services
 * passed to it unchanged (apart from the conditional writes it does not honour yet, see
 * conditional-writes.ts). No SQS request comes here: SQS is orderflow's own (../sqs/).
 */
import { buildApp, startFauxqs } from "fauxqs";
import {
  Agent,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { pipeline } from "node:stream/promises";
import type { Service } from "../types.ts";
import { conditionalWrites } from "./conditional-writes.ts";
import { writtenKeys } from "./written-keys.ts";

/** Headers that describe one hop, not the request: never passed on. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "expect",
  "proxy-connection",
  "te",
  "trailer",
]);

function passable(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>) {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

interface HeadAnswer {
  statusCode: number;
  headers: IncomingHttpHeaders;
}

/**
 * HEAD through node:http on kept-alive connections. undici closes a connection after every
 * HEAD (against servers that send a body anyway), and conditional writes make one HEAD per
 * write: a connection opened and closed per write cost more than the write.
 */
function headOver(agent: Agent, port: number) {
  return (path: string, headers: Record<string, string | string[]>, signal?: AbortSignal) =>
    new Promise<HeadAnswer>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path,
          method: "HEAD",
          headers,
          agent,
          ...(signal ? { signal } : {}),
        },
        (res) => {
          res.resume();
          resolve({ statusCode: res.statusCode ?? 502, headers: res.headers });
        },
      );
      req.on("error", reject);
      req.end();
    });
}

const encodeKey = (key: string) => key.split("/").map(encodeURIComponent).join("/");

/**
 * Conditional writes that learn a key's current ETag from fauxqs with a HEAD through `head`,
 * unless `mayExist` already knows the key is absent.
 */
function conditionalOver(
  head: (path: string) => Promise<{ statusCode: number; headers: Record<string, unknown> }>,
  mayExist: (bucket: string, key: string) => boolean = () => true,
) {
  return conditionalWrites(async (bucket, key) => {
    if (!mayExist(bucket, key)) return undefined;
    const answer = await head(`/${bucket}/${encodeKey(key)}`);
    const etag = answer.headers.etag;
    return answer.statusCode === 200 && typeof etag === "string" ? etag : undefined;
  });
}

export interface FauxqsS3 extends Service {
  stop(): Promise<void>;
}

/**
 * Starts fauxqs and the service that hands S3 requests to it. In memory, fauxqs's app (its
 * public `buildApp`) serves each request on the cloud's own connection through Fastify's
 * `routing`: no second HTTP hop. Its store starts empty and sees only these requests, so the
 * keys they may have written are known, and a conditional create of any other key skips the
 * HEAD. With `dataDir`, fauxqs keeps its data there, which only its own server
 * (`startFauxqs`) can do, so requests are forwarded to it over loopback.
 */
export async function startFauxqsS3(options: { dataDir?: string } = {}): Promise<FauxqsS3> {
  if (options.dataDir !== undefined) return startForwarding(options.dataDir);
  const app = buildApp({ logger: false, host: "127.0.0.1" });
  await app.ready();
  const written = writtenKeys();
  const conditional = conditionalOver(
    (url) => app.inject({ method: "HEAD", url }),
    written.mayExist,
  );
  const serve = (req: IncomingMessage, res: ServerResponse) =>
    new Promise<void>((resolve) => {
      res.once("close", resolve);
      app.routing(req, res);
    });
  return {
    name: "s3",
    // Noted as it is handed to fauxqs: a conditional create is judged before its own key.
    handle: (req, res) =>
      conditional(req, res, () => {
        written.note(req);
        return serve(req, res);
      }),
    stop: () => app.close(),
  };
}

/** fauxqs's own server on a loopback port, keeping its data in `dataDir`; requests passed on. */
async function startForwarding(dataDir: string): Promise<FauxqsS3> {
  const fauxqs = await startFauxqs({
    port: 0,
    host: "127.0.0.1",
    logger: false,
    dataDir,
  });
  // Loaded here, not with the module: a cloud kept in memory never needs it (about 0.1 s of
  // CPU off every start of one).
  const { Pool } = await import("undici");
  const pool = new Pool(`http://127.0.0.1:${fauxqs.port}`, { connections: 64 });
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const head = headOver(agent, fauxqs.port);
  const conditional = conditionalOver((path) => head(path, {}));

  /**
   * Passes the request on and the answer back. A client that leaves midway (a Lambda worker
   * stopped by a timeout or a crash, a caller's own abort) is nobody's failure: the request to
   * fauxqs is abandoned with it and nothing is reported.
   */
  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const left = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) left.abort();
    };
    res.once("close", onClose);
    try {
      if (req.method === "HEAD") {
        const answer = await head(req.url ?? "/", passable(req.headers), left.signal);
        res.writeHead(answer.statusCode, passable(answer.headers)).end();
        return;
      }
      const hasBody = req.method !== "GET";
      const upstream = await pool.request({
        path: req.url ?? "/",
        method: (req.method ?? "GET") as "GET",
        headers: passable(req.headers),
        signal: left.signal,
        ...(hasBody ? { body: req } : {}),
      });
      if (res.destroyed) {
        upstream.body.destroy();
        return;
      }
      res.writeHead(upstream.statusCode, passable(upstream.headers));
      await pipeline(upstream.body, res);
    } catch (error) {
      if (left.signal.aborted || res.destroyed || req.destroyed) return;
      throw error;
    } finally {
      res.off("close", onClose);
    }
  }

  return {
    name: "s3",
    handle: (req, res) => conditional(req, res, () => forward(req, res)),
    async stop() {
      await pool.close();
      agent.destroy();
      await fauxqs.stop();
    },
  };
}
