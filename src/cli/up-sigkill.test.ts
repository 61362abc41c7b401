// A SIGKILL is the stop nobody cleans up after: `orderflow up --data-dir` killed while orders
// pour in must, once restarted on the same data, still bring every order it accepted to
// PROCESSED, with exactly one invoice each. The queue's SQLite file is written before SQS
// answers, so nothing an accepted order sent is lost; work cut off mid-way comes back after
// the visibility timeout.
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { destroyClients, emulatorClients } from "../aws/clients.ts";
import {
  apiOf,
  onData,
  placeOrdersUntilStopped,
  SLOW,
  stop,
  tokenFrom,
  untilProcessed,
} from "./testing/cli-process.ts";

test(
  "SIGKILL under load: after a restart on the same data every accepted order is PROCESSED, with one invoice",
  () =>
    onData(async (up) => {
      const first = up();
      const api = await apiOf(first);
      const token = await tokenFrom(api);
      const { accepted } = await placeOrdersUntilStopped(first, api, token, 16, () =>
        first.process.kill("SIGKILL"),
      );
      await first.exited;
      expect(first.process.signalCode).toBe("SIGKILL");

      const second = up();
      const again = await apiOf(second);
      const endpoint = /cloud +(http:\/\/\S+)/.exec(second.output())?.[1] as string;
      const aws = emulatorClients(endpoint);
      try {
        for (const id of accepted) {
          const status = await untilProcessed(again, token, id);
          expect(status).toMatchObject({ order_id: id, total: "19.98" });
          const invoices = await aws.s3.send(
            new ListObjectsV2Command({ Bucket: "results-bucket", Prefix: `invoices/${id}.` }),
          );
          expect(invoices.Contents?.map((o) => o.Key)).toEqual([`invoices/${id}.json`]);
        }
      } finally {
        destroyClients(aws);
      }
      expect(await stop(second)).toBe(0);
    }),
  SLOW * 2,
);
