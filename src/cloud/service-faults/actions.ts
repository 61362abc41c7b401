// Which action an S3 or SQS request asks for, as the fault rates name actions.

/** A path-style S3 request's operation name; "Other" for what no rate names. */
export function s3Action(method: string | undefined, url: string): string {
  const parsed = new URL(url, "http://s3");
  const [, bucket = "", ...rest] = parsed.pathname.split("/");
  const query = parsed.searchParams;
  if (bucket === "") return method === "GET" ? "ListBuckets" : "Other";
  if (rest.join("/") === "") return bucketAction(method, query);
  return objectAction(method, query);
}

function bucketAction(method: string | undefined, query: URLSearchParams): string {
  if (method === "GET") return query.get("list-type") === "2" ? "ListObjectsV2" : "ListObjects";
  if (method === "POST" && query.has("delete")) return "DeleteObjects";
  const plain: Record<string, string> = {
    PUT: "CreateBucket",
    HEAD: "HeadBucket",
    DELETE: "DeleteBucket",
  };
  return (query.size === 0 && method && plain[method]) || "Other";
}

function objectAction(method: string | undefined, query: URLSearchParams): string {
  if (method === "PUT") return query.has("partNumber") ? "UploadPart" : "PutObject";
  if (method === "POST") {
    if (query.has("uploads")) return "CreateMultipartUpload";
    if (query.has("uploadId")) return "CompleteMultipartUpload";
    return "Other";
  }
  const plain: Record<string, string> = {
    GET: "GetObject",
    HEAD: "HeadObject",
    DELETE: "DeleteObject",
  };
  return (method && plain[method]) || "Other";
}

/** An SQS request's action: the JSON protocol's target, or the Query protocol's Action field. */
export function sqsAction(target: string | undefined, params: URLSearchParams): string {
  if (target !== undefined) return target.slice(target.indexOf(".") + 1);
  return params.get("Action") ?? "Other";
}
