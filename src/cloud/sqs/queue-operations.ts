/*
 * The queue-level actions: create, find, list, attributes, delete, purge, tags, permissions,
 * dead-letter sources and message move tasks. Each takes the request in the JSON protocol's
 * shape and returns the response in it.
 */
import { queueDoesNotExist } from "./errors.ts";
import type { MoveTask } from "./move-tasks.ts";
import { compact, page, queueOf, urlOf, type Operation } from "./call.ts";
import { parseRequest, schemas } from "./schemas.ts";

function taskEntry(task: MoveTask) {
  return compact({
    TaskHandle: task.status === "RUNNING" ? task.handle : undefined,
    Status: task.status,
    SourceArn: task.sourceArn,
    DestinationArn: task.destinationArn,
    MaxNumberOfMessagesPerSecond: task.maxPerSecond,
    ApproximateNumberOfMessagesMoved: task.moved,
    ApproximateNumberOfMessagesToMove: task.toMove,
    FailureReason: task.failureReason,
    StartedTimestamp: task.started,
  });
}

export const queueOperations: Record<string, Operation> = {
  CreateQueue(runtime, input, call) {
    const r = parseRequest(schemas.CreateQueue, input);
    const queue = runtime.model.createQueue(r.QueueName, r.Attributes, r.tags);
    return { QueueUrl: urlOf(runtime, call, queue) };
  },

  GetQueueUrl(runtime, input, call) {
    const r = parseRequest(schemas.GetQueueUrl, input);
    const owner = r.QueueOwnerAWSAccountId;
    if (owner !== undefined && owner !== runtime.model.accountId) throw queueDoesNotExist();
    return { QueueUrl: urlOf(runtime, call, runtime.model.queue(r.QueueName)) };
  },

  ListQueues(runtime, input, call) {
    const r = parseRequest(schemas.ListQueues, input);
    const queues = runtime.model.listQueues(r.QueueNamePrefix);
    const { urls, next } = page(runtime, call, queues, r.NextToken, r.MaxResults);
    return compact({ QueueUrls: urls.length > 0 ? urls : undefined, NextToken: next });
  },

  GetQueueAttributes(runtime, input) {
    const r = parseRequest(schemas.GetQueueAttributes, input);
    const attributes = runtime.model.attributes(
      queueOf(runtime, r.QueueUrl),
      r.AttributeNames ?? [],
    );
    return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
  },

  SetQueueAttributes(runtime, input) {
    const r = parseRequest(schemas.SetQueueAttributes, input);
    runtime.model.setAttributes(queueOf(runtime, r.QueueUrl), r.Attributes);
    return {};
  },

  DeleteQueue(runtime, input) {
    const r = parseRequest(schemas.QueueOnly, input);
    runtime.model.deleteQueue(queueOf(runtime, r.QueueUrl));
    return {};
  },

  PurgeQueue(runtime, input) {
    const r = parseRequest(schemas.QueueOnly, input);
    runtime.model.purge(queueOf(runtime, r.QueueUrl));
    return {};
  },

  TagQueue(runtime, input) {
    const r = parseRequest(schemas.TagQueue, input);
    runtime.model.tag(queueOf(runtime, r.QueueUrl), r.Tags);
    return {};
  },

  UntagQueue(runtime, input) {
    const r = parseRequest(schemas.UntagQueue, input);
    runtime.model.untag(queueOf(runtime, r.QueueUrl), r.TagKeys);
    return {};
  },

  ListQueueTags(runtime, input) {
    const r = parseRequest(schemas.QueueOnly, input);
    const tags = queueOf(runtime, r.QueueUrl).settings.tags;
    return Object.keys(tags).length > 0 ? { Tags: { ...tags } } : {};
  },

  AddPermission(runtime, input) {
    const r = parseRequest(schemas.AddPermission, input);
    runtime.model.addPermission(queueOf(runtime, r.QueueUrl), {
      label: r.Label,
      accountIds: r.AWSAccountIds,
      actions: r.Actions,
    });
    return {};
  },

  RemovePermission(runtime, input) {
    const r = parseRequest(schemas.RemovePermission, input);
    runtime.model.removePermission(queueOf(runtime, r.QueueUrl), r.Label);
    return {};
  },

  ListDeadLetterSourceQueues(runtime, input, call) {
    const r = parseRequest(schemas.ListDeadLetterSourceQueues, input);
    const sources = runtime.model.deadLetterSources(queueOf(runtime, r.QueueUrl));
    const { urls, next } = page(runtime, call, sources, r.NextToken, r.MaxResults);
    return compact({ queueUrls: urls, NextToken: next });
  },

  StartMessageMoveTask(runtime, input) {
    const r = parseRequest(schemas.StartMessageMoveTask, input);
    const task = runtime.moveTasks.start(
      r.SourceArn,
      r.DestinationArn,
      r.MaxNumberOfMessagesPerSecond,
    );
    return { TaskHandle: task.handle };
  },

  ListMessageMoveTasks(runtime, input) {
    const r = parseRequest(schemas.ListMessageMoveTasks, input);
    return { Results: runtime.moveTasks.list(r.SourceArn, r.MaxResults).map(taskEntry) };
  },

  CancelMessageMoveTask(runtime, input) {
    const r = parseRequest(schemas.CancelMessageMoveTask, input);
    return { ApproximateNumberOfMessagesMoved: runtime.moveTasks.cancel(r.TaskHandle).moved };
  },
};
