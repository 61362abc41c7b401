/** Percent off the subtotal, as in the old system. FREESHIP is a flat 5 %, not free shipping. */
export const PROMO_PERCENT = {
  SAVE10: 10,
  SAVE20: 20,
  SAVE30: 30,
  FREESHIP: 5,
} as const;

export type PromoCode = keyof typeof PROMO_PERCENT;

export const PROMO_CODES = Object.keys(PROMO_PERCENT) as [PromoCode, ...PromoCode[]];

export function promoPercent(code: PromoCode | null): number {
  return code === null ? 0 : PROMO_PERCENT[code];
}

/** The message for a code we do not know; long inputs are cut so the message stays readable. */
export function unknownPromoMessage(code: string): string {
  const shown = code.length > 40 ? `${code.slice(0, 40)}…` : code;
  return `unknown promo code ${JSON.stringify(shown)}`;
}
