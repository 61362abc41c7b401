import { productNamed, type OrderLine } from "./catalogue.ts";

const numbers: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5 };

/** "a laptop and two mice" → lines of the catalogue. */
export function linesFromWords(words: string): OrderLine[] {
  return words
    .split(/\s*(?:,|\band\b)\s*/)
    .filter(Boolean)
    .map((part) => {
      const match = /^(\w+)\s+(\w+?)(?:s|ice)?$/.exec(part.trim().replace(/mice$/, "mouse"));
      const quantity = numbers[match?.[1] ?? ""] ?? Number(match?.[1]);
      const product = productNamed(match?.[2] ?? "");
      if (!match || !product || !Number.isInteger(quantity))
        throw new Error(`no product in the catalogue for "${part}"`);
      return { name: product.name, price: product.price, quantity };
    });
}
