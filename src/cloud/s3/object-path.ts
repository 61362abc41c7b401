// Where an S3 request points, read the way fauxqs routes it.
import type { IncomingMessage } from "node:http";

/**
 * The path fauxqs routes a request by. A Host that is a name with a dot (not an IPv4 address)
 * names a virtual-hosted bucket, which fauxqs moves to the front of the path; form and JSON
 * bodies (SNS, SQS) never are S3 requests and keep their path.
 */
export function routedPath(req: Pick<IncomingMessage, "headers" | "url">): string {
  const url = req.url ?? "/";
  const hostname = (req.headers.host ?? "").split(":")[0] ?? "";
  if (!hostname.includes(".") || /^\d+\.\d+\.\d+\.\d+$/.test(hostname)) return url;
  const type = String(req.headers["content-type"] ?? "");
  if (type.includes("x-www-form-urlencoded") || type.includes("x-amz-json-1.0")) return url;
  return `/${hostname.slice(0, hostname.indexOf("."))}${url}`;
}

export interface ObjectPath {
  /** Undefined for the service itself (ListBuckets; STS and SNS forms). */
  bucket: string | undefined;
  /** Undefined for a request to the bucket itself. */
  key: string | undefined;
  query: URLSearchParams;
}

/**
 * The bucket, key and query of a path-style path, decoded as fauxqs's router decodes them;
 * undefined for a path whose percent-encoding does not decode.
 */
export function objectPath(path: string): ObjectPath | undefined {
  // Not WHATWG URL: it would resolve "." and ".." segments and turn a backslash into "/",
  // where a key may hold them and fauxqs's router keeps them.
  const [pathname = "", query = ""] = path.split("#", 1)[0]!.split(/\?(.*)/s);
  const [, rawBucket, ...rest] = pathname.split("/");
  const rawKey = rest.join("/");
  try {
    return {
      bucket: rawBucket ? decodeURIComponent(rawBucket) : undefined,
      key: rawKey ? decodeURIComponent(rawKey) : undefined,
      query: new URLSearchParams(query),
    };
  } catch {
    return undefined;
  }
}
