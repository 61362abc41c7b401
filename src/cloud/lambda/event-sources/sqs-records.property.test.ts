import fc from "fast-check";
import { readBatchItemFailures } from "./sqs-records.ts";

const batch = fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 10 });

test("reporting a subset of the batch fails exactly that subset", () => {
  fc.assert(
    fc.property(
      batch.chain((ids) => fc.tuple(fc.constant(ids), fc.subarray(ids))),
      ([ids, failed]) => {
        const payload = JSON.stringify({
          batchItemFailures: failed.map((id) => ({ itemIdentifier: id })),
        });
        const verdict = readBatchItemFailures(payload, ids);
        if (failed.length === 0) return verdict.kind === "all-succeeded";
        return (
          verdict.kind === "some-failed" &&
          [...verdict.failed].sort().join() === [...failed].sort().join()
        );
      },
    ),
  );
});

test("one identifier outside the batch fails the whole batch, whatever else is listed", () => {
  fc.assert(
    fc.property(batch, fc.string(), (ids, stranger) => {
      fc.pre(!ids.includes(stranger));
      const listed = [...ids.slice(0, 1), stranger].map((id) => ({ itemIdentifier: id }));
      return (
        readBatchItemFailures(JSON.stringify({ batchItemFailures: listed }), ids).kind ===
        "all-failed"
      );
    }),
  );
});

test("no answer ever deletes a message the function reported failed", () => {
  fc.assert(
    fc.property(batch, fc.jsonValue(), (ids, answer) => {
      const verdict = readBatchItemFailures(JSON.stringify(answer) ?? "null", ids);
      const list = (answer as { batchItemFailures?: unknown } | null)?.batchItemFailures;
      if (verdict.kind !== "all-succeeded" || !Array.isArray(list)) return true;
      return list.length === 0;
    }),
  );
});
