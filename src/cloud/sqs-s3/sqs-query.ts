/*
 * fauxqs serves SQS over the JSON protocol only and sends every form-encoded POST to SNS, so an
 * old client speaking SQS's Query protocol (Debian's awscli 1.x, botocore < 1.34.90, SDK v3 <
 * 3.446) would get an SNS answer it cannot understand. This answers it plainly instead.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Service } from "../types.ts";

export const QUERY_PROTOCOL_MESSAGE =
  "This endpoint serves SQS over the JSON protocol only (AWS SDK v3 >= 3.446, botocore >= 1.34.90, AWS CLI >= 1.32.90); " +
  "this client sent SQS's older Query protocol. Upgrade the client.";

export function createSqsQueryRefusal(): Service {
  return {
    name: "sqs-query",
    async handle(req: IncomingMessage, res: ServerResponse) {
      req.resume();
      const body =
        '<?xml version="1.0"?><ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code>' +
        `<Message>${QUERY_PROTOCOL_MESSAGE.replace(/>/g, "&gt;")}</Message><Detail/></Error>` +
        `<RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
      res.writeHead(400, { "content-type": "text/xml", "content-length": Buffer.byteLength(body) });
      res.end(body);
    },
  };
}
