// Tags and permissions through the SDK v3 client. Runs against CLOUD_ENDPOINT when it is set.
import {
  AddPermissionCommand,
  GetQueueAttributesCommand,
  ListQueueTagsCommand,
  RemovePermissionCommand,
  TagQueueCommand,
  UntagQueueCommand,
} from "@aws-sdk/client-sqs";
import { sqsError, sqsSuite } from "./testing/sqs-target.ts";

const t = sqsSuite();

const tagsOf = (QueueUrl: string) =>
  t.sqs.send(new ListQueueTagsCommand({ QueueUrl })).then((r) => r.Tags);

describe("tags", () => {
  it("tags, overwrites, untags (ignoring unknown keys) and lists", async () => {
    const q = await t.queue("tags");
    expect(await tagsOf(q.url)).toBeUndefined();
    await t.sqs.send(
      new TagQueueCommand({ QueueUrl: q.url, Tags: { tag1: "value1", tag2: "value2", tag3: "" } }),
    );
    expect(await tagsOf(q.url)).toEqual({ tag1: "value1", tag2: "value2", tag3: "" });
    await t.sqs.send(
      new TagQueueCommand({ QueueUrl: q.url, Tags: { tag1: "VALUE1", MyTag: "a", mytag: "b" } }),
    );
    await t.sqs.send(new UntagQueueCommand({ QueueUrl: q.url, TagKeys: ["tag3", "never-there"] }));
    expect(await tagsOf(q.url)).toEqual({ tag1: "VALUE1", tag2: "value2", MyTag: "a", mytag: "b" });
    await t.sqs.send(
      new UntagQueueCommand({ QueueUrl: q.url, TagKeys: ["tag1", "tag2", "MyTag", "mytag"] }),
    );
    expect(await tagsOf(q.url)).toBeUndefined();
  });

  it("takes tags at creation", async () => {
    const q = await t.queue("created-tagged", undefined, { team: "orders" });
    expect(await tagsOf(q.url)).toEqual({ team: "orders" });
  });

  it("refuses more than 50 tags on a queue", async () => {
    const q = await t.queue("many-tags");
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
    const error = await sqsError(t.sqs.send(new TagQueueCommand({ QueueUrl: q.url, Tags: tags })));
    expect(error).toMatchObject({
      name: "InvalidParameterValue",
      message: `Too many tags added for queue ${q.name}.`,
    });
  });
});

describe("permissions", () => {
  const policyOf = async (QueueUrl: string) => {
    const { Attributes } = await t.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["Policy"] }),
    );
    return Attributes?.Policy === undefined ? undefined : JSON.parse(Attributes.Policy);
  };
  const add = (QueueUrl: string, Label: string, AWSAccountIds: string[], Actions: string[]) =>
    t.sqs.send(new AddPermissionCommand({ QueueUrl, Label, AWSAccountIds, Actions }));

  it("writes one policy statement per label and removes them again", async () => {
    const q = await t.queue("perm");
    const account = q.arn.split(":")[4];
    const partition = q.arn.split(":")[1];
    await add(
      q.url,
      "crossaccountpermission",
      [account as string, "668614515564"],
      ["ReceiveMessage"],
    );
    const policy = await policyOf(q.url);
    expect(policy).toEqual({
      Version: "2008-10-17",
      Id: `${q.arn}/SQSDefaultPolicy`,
      Statement: [
        {
          Sid: "crossaccountpermission",
          Effect: "Allow",
          Principal: {
            AWS: expect.arrayContaining([
              `arn:${partition}:iam::668614515564:root`,
              `arn:${partition}:iam::${account}:root`,
            ]),
          },
          Action: "SQS:ReceiveMessage",
          Resource: q.arn,
        },
      ],
    });
    await add(q.url, "second", [account as string], ["SendMessage", "DeleteMessage"]);
    expect((await policyOf(q.url)).Statement[1]).toEqual({
      Sid: "second",
      Effect: "Allow",
      Principal: { AWS: `arn:${partition}:iam::${account}:root` },
      Action: ["SQS:SendMessage", "SQS:DeleteMessage"],
      Resource: q.arn,
    });
    await t.sqs.send(
      new RemovePermissionCommand({ QueueUrl: q.url, Label: "crossaccountpermission" }),
    );
    expect((await policyOf(q.url)).Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      "second",
    ]);
    await t.sqs.send(new RemovePermissionCommand({ QueueUrl: q.url, Label: "second" }));
    expect(await policyOf(q.url)).toBeUndefined();
  });

  it("refuses a label twice, an unknown label, too many actions and an action that cannot be shared", async () => {
    const q = await t.queue("perm-errors");
    const account = q.arn.split(":")[4] as string;
    await add(q.url, "taken", [account], ["ReceiveMessage"]);
    expect(await sqsError(add(q.url, "taken", ["668614515564"], ["ReceiveMessage"]))).toMatchObject(
      {
        name: "InvalidParameterValue",
        message: "Value taken for parameter Label is invalid. Reason: Already exists.",
      },
    );
    const remove = t.sqs.send(new RemovePermissionCommand({ QueueUrl: q.url, Label: "missing" }));
    expect(await sqsError(remove)).toMatchObject({
      name: "InvalidParameterValue",
      message: "Value missing for parameter Label is invalid. Reason: can't find label.",
    });
    const eight = [
      "SendMessage",
      "ReceiveMessage",
      "DeleteMessage",
      "ChangeMessageVisibility",
      "GetQueueAttributes",
      "GetQueueUrl",
      "PurgeQueue",
      "ListDeadLetterSourceQueues",
    ];
    expect(await sqsError(add(q.url, "many", [account], eight))).toMatchObject({
      name: "OverLimit",
      code: "OverLimit",
      message: "8 Actions were found, maximum allowed is 7.",
      status: 403,
    });
    expect(await sqsError(add(q.url, "owner-only", [account], ["CreateQueue"]))).toMatchObject({
      name: "InvalidParameterValue",
      message:
        "Value SQS:CreateQueue for parameter ActionName is invalid. Reason: Only the queue owner is allowed to invoke this action.",
    });
  });
});
