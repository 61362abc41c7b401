export * from "./money.ts";
export * from "./promo.ts";
export * from "./order.ts";
export * from "./pricing.ts";
export * from "./invoice.ts";
export { formatPath, fromZodIssues, plainErrors } from "./validation-error.ts";
