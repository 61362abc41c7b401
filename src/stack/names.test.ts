import { resourceNames } from "./names.ts";

test("names without a prefix are the system's documented names", () => {
  expect(resourceNames()).toEqual({
    bucket: "results-bucket",
    taskQueue: "task-queue",
    notificationQueue: "notification-queue",
    dlq: "task-dlq",
    role: "lambda-role",
    functions: {
      task: "task_lambda",
      notification: "notification_lambda",
      dlqProcessor: "dlq_processor_lambda",
    },
  });
});

test("a prefix goes in front of every name", () => {
  const names = resourceNames("ci-7-");
  const all = [
    names.bucket,
    names.taskQueue,
    names.notificationQueue,
    names.dlq,
    names.role,
    ...Object.values(names.functions),
  ];
  expect(all.every((n) => n.startsWith("ci-7-"))).toBe(true);
});
