import * as z from "zod";
import { formatCents } from "./money.ts";
import type { PromoCode } from "./promo.ts";

export interface InvoiceLine {
  name: string;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
}

/** A priced order; every amount is an integer number of cents. */
export interface Invoice {
  orderId: string;
  userId: string | null;
  currency: "USD";
  lines: InvoiceLine[];
  subtotalCents: number;
  discount: { code: PromoCode | null; percent: number; amountCents: number };
  totalCents: number;
  pricedAt: string;
}

const money = z.string().regex(/^-?\d+\.\d{2}$/);

/** The S3 document `invoices/<order_id>.json`; money fields are decimal strings. */
export const invoiceJsonSchema = z.object({
  order_id: z.string(),
  user_id: z.string().nullable(),
  currency: z.literal("USD"),
  lines: z.array(
    z.object({
      name: z.string(),
      quantity: z.number().int(),
      unit_price: money,
      line_total: money,
    }),
  ),
  subtotal: money,
  discount: z.object({ code: z.string().nullable(), percent: z.number(), amount: money }),
  total: money,
  priced_at: z.string(),
});

export type InvoiceJson = z.infer<typeof invoiceJsonSchema>;

export function invoiceToJson(invoice: Invoice): InvoiceJson {
  return {
    order_id: invoice.orderId,
    user_id: invoice.userId,
    currency: invoice.currency,
    lines: invoice.lines.map((l) => ({
      name: l.name,
      quantity: l.quantity,
      unit_price: formatCents(l.unitPriceCents),
      line_total: formatCents(l.lineTotalCents),
    })),
    subtotal: formatCents(invoice.subtotalCents),
    discount: {
      code: invoice.discount.code,
      percent: invoice.discount.percent,
      amount: formatCents(invoice.discount.amountCents),
    },
    total: formatCents(invoice.totalCents),
    priced_at: invoice.pricedAt,
  };
}
