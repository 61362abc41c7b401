import { credentialScope, routeOf } from "./router.ts";

const signed = (service: string, extra: Record<string, string> = {}) => ({
  headers: {
    authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/eu-west-1/${service}/aws4_request, SignedHeaders=host, Signature=abc`,
    ...extra,
  },
});
const form = { "content-type": "application/x-www-form-urlencoded; charset=utf-8" };

describe("routeOf", () => {
  it.each([
    ["lambda", "lambda"],
    ["iam", "iam"],
    ["logs", "logs"],
    ["sqs", "sqs"],
    ["s3", "s3"],
    ["sts", "s3"],
  ])("sends the %s signing scope to %s", (service, route) => {
    expect(routeOf({ method: "POST", url: "/", ...signed(service) })).toBe(route);
  });

  it("sends both of SQS's protocols to SQS, and nothing of SQS's to fauxqs", () => {
    expect(routeOf({ method: "POST", url: "/", ...signed("sqs", form) })).toBe("sqs");
    const json = { "content-type": "application/x-amz-json-1.0" };
    expect(routeOf({ method: "POST", url: "/", ...signed("sqs", json) })).toBe("sqs");
    expect(
      routeOf({ method: "POST", url: "/", headers: { "x-amz-target": "AmazonSQS.SendMessage" } }),
    ).toBe("sqs");
    expect(
      routeOf({ method: "GET", url: "/000000000000/orders?Action=ReceiveMessage", headers: {} }),
    ).toBe("sqs");
    expect(routeOf({ method: "POST", url: "/000000000000/orders.fifo", headers: form })).toBe(
      "sqs",
    );
    expect(
      routeOf({ method: "GET", url: "/?Action=ListQueues&Version=2012-11-05", headers: {} }),
    ).toBe("sqs");
    expect(routeOf({ method: "GET", url: "/_aws/sqs/messages?QueueUrl=x", headers: {} })).toBe(
      "sqs",
    );
  });

  it("leaves an unsigned form POST to its Action field", () => {
    expect(routeOf({ method: "POST", url: "/", headers: form })).toBe("form");
  });

  it("keeps an S3 bucket that looks like a date with S3 when the request is signed for s3", () => {
    expect(routeOf({ method: "GET", url: "/2015-03-31/functions", ...signed("s3") })).toBe("s3");
  });

  it("routes unsigned dated paths to Lambda and Logs targets to Logs", () => {
    expect(routeOf({ method: "GET", url: "/2015-03-31/functions", headers: {} })).toBe("lambda");
    expect(routeOf({ method: "GET", url: "/2021-10-31/functions/f/url", headers: {} })).toBe(
      "lambda",
    );
    expect(
      routeOf({
        method: "POST",
        url: "/",
        headers: { "x-amz-target": "Logs_20140328.GetLogEvents" },
      }),
    ).toBe("logs");
    expect(routeOf({ method: "GET", url: "/bucket/key", headers: {} })).toBe("s3");
  });

  it("answers health checks itself, signed or not", () => {
    expect(routeOf({ method: "GET", url: "/_localstack/health", headers: {} })).toBe("health");
  });

  it("reads the scope of a presigned URL", () => {
    const url =
      "/bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=test%2F20260101%2Fus-east-1%2Fs3%2Faws4_request";
    expect(credentialScope({ url, headers: {} })).toEqual({ region: "us-east-1", service: "s3" });
    expect(routeOf({ method: "GET", url, headers: {} })).toBe("s3");
  });
});
