import * as z from "zod";
import { orderIdSchema } from "../src/domain/index.ts";

/** The notification-queue body that task_lambda sends and notification_lambda reads. */
export const notificationMessageSchema = z.object({
  order_id: orderIdSchema,
  user_id: z.string().nullable(),
  total: z.string().regex(/^\d+\.\d{2}$/),
  currency: z.literal("USD"),
  invoice_key: z.string().min(1),
});

export type NotificationMessage = z.output<typeof notificationMessageSchema>;

export const invoiceKey = (orderId: string) => `invoices/${orderId}.json`;
export const notificationKey = (orderId: string) => `notifications/${orderId}.json`;
export const failedKey = (id: string) => `failed/${id}.json`;
