export interface ResourceNames {
  bucket: string;
  taskQueue: string;
  notificationQueue: string;
  dlq: string;
  role: string;
  functions: { task: string; notification: string; dlqProcessor: string };
}

/** Every resource of one stack; a prefix lets several stacks share an account. */
export function resourceNames(prefix = ""): ResourceNames {
  return {
    bucket: `${prefix}results-bucket`,
    taskQueue: `${prefix}task-queue`,
    notificationQueue: `${prefix}notification-queue`,
    dlq: `${prefix}task-dlq`,
    role: `${prefix}lambda-role`,
    functions: {
      task: `${prefix}task_lambda`,
      notification: `${prefix}notification_lambda`,
      dlqProcessor: `${prefix}dlq_processor_lambda`,
    },
  };
}
