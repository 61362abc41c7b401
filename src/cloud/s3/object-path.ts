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

const NO_QUERY = new URLSearchParams();

/** Decodes what is percent-encoded; most keys are not, and skip the work. */
const decoded = (text: string) => (text.includes("%") ? decodeURIComponent(text) : text);

/**
 * The bucket, key and query of a path-style path, decoded as fauxqs's router decodes them;
 * undefined for a path whose percent-encoding does not decode. Read by hand, not with WHATWG
 * URL: that would resolve "." and ".." segments and turn a backslash into "/", where a key
 * may hold them and fauxqs's router keeps them (and it costs more, on every write).
 */
export function objectPath(path: string): ObjectPath | undefined {
  const hash = path.indexOf("#");
  const url = hash < 0 ? path : path.slice(0, hash);
  const mark = url.indexOf("?");
  const pathname = mark < 0 ? url : url.slice(0, mark);
  const slash = pathname.indexOf("/", 1);
  const rawBucket = slash < 0 ? pathname.slice(1) : pathname.slice(1, slash);
  const rawKey = slash < 0 ? "" : pathname.slice(slash + 1);
  try {
    return {
      bucket: rawBucket ? decoded(rawBucket) : undefined,
      key: rawKey ? decoded(rawKey) : undefined,
      query: mark < 0 ? NO_QUERY : new URLSearchParams(url.slice(mark + 1)),
    };
  } catch {
    return undefined;
  }
}
