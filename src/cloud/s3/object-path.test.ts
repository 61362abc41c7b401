import { objectPath, routedPath } from "./object-path.ts";

const read = (path: string) => {
  const target = objectPath(path);
  return target && { bucket: target.bucket, key: target.key, query: [...target.query] };
};

test("a path names a bucket, a decoded key and a query", () => {
  expect(read("/b/a%20b/c.json?x=1&delete")).toEqual({
    bucket: "b",
    key: "a b/c.json",
    query: [
      ["x", "1"],
      ["delete", ""],
    ],
  });
  expect(read("/b")).toEqual({ bucket: "b", key: undefined, query: [] });
  expect(read("/b/")).toEqual({ bucket: "b", key: undefined, query: [] });
  expect(read("/")).toEqual({ bucket: undefined, key: undefined, query: [] });
});

test("dot segments and backslashes stay in the key, as fauxqs keeps them", () => {
  expect(read("/b/a/../c")?.key).toBe("a/../c");
  expect(read("/b/a\\c")?.key).toBe("a\\c");
});

test("a path whose percent-encoding does not decode cannot be placed", () => {
  expect(objectPath("/b/%E0%A4%A")).toBeUndefined();
});

test("a bucket in the Host header moves to the front of the path", () => {
  const req = (host: string, contentType?: string) => ({
    url: "/k.json",
    headers: { host, ...(contentType ? { "content-type": contentType } : {}) },
  });
  expect(routedPath(req("bucket.s3.example.test:4566"))).toBe("/bucket/k.json");
  expect(routedPath(req("127.0.0.1:4566"))).toBe("/k.json");
  expect(routedPath(req("localhost:4566"))).toBe("/k.json");
  expect(routedPath(req("sts.example.test", "application/x-www-form-urlencoded"))).toBe("/k.json");
});
