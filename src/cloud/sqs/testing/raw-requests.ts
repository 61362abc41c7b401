// Test support: SQS requests written by hand, for what an SDK hides (headers, error bodies)
// and for the Query protocol. Signed with a placeholder signature: only the credential scope
// (service `sqs`) matters to an emulator.
import { request } from "undici";

const scope = (region: string) =>
  `AWS4-HMAC-SHA256 Credential=test/20260101/${region}/sqs/aws4_request, SignedHeaders=host, Signature=0`;

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

async function answer(res: Awaited<ReturnType<typeof request>>): Promise<RawAnswer> {
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

/** A JSON-protocol call: `X-Amz-Target: AmazonSQS.<action>`. */
export async function jsonCall(
  endpoint: string,
  action: string,
  body: string | object,
  path = "/",
) {
  const res = await request(`${endpoint.replace(/\/$/, "")}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `AmazonSQS.${action}`,
      authorization: scope("us-east-1"),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return answer(res);
}

/** A Query-protocol call: form fields POSTed to `url`, or sent as a GET's query string. */
export async function queryCall(
  url: string,
  fields: Record<string, string>,
  method: "GET" | "POST" = "POST",
) {
  const form = new URLSearchParams(fields).toString();
  const res = await request(method === "GET" && form ? `${url}?${form}` : url, {
    method,
    headers: {
      authorization: scope("us-east-1"),
      ...(method === "POST"
        ? { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }
        : {}),
    },
    ...(method === "POST" ? { body: form } : {}),
  });
  return answer(res);
}

/** The text of every <name> element, in order (enough for SQS's flat answers). */
export function elements(xml: string, name: string): string[] {
  const found: string[] = [];
  const pattern = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, "g");
  for (let m = pattern.exec(xml); m; m = pattern.exec(xml)) found.push(m[1] ?? "");
  return found;
}

/** Undoes XML escaping, numeric references included. */
export function unescapeXml(text: string): string {
  return text
    .replace(/&#x([0-9a-fA-F]+);/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
