/** One line of an order, as a client sends it: a product, its unit price, how many. */
export interface OrderLine {
  name: string;
  price: number;
  quantity: number;
}

export interface Product {
  name: string;
  price: number;
}

/** The products the scenarios talk about, with their prices in the shop's currency. */
export const catalogue = {
  laptop: { name: "Laptop", price: 999.99 },
  mouse: { name: "Mouse", price: 24.99 },
  keyboard: { name: "Keyboard", price: 49.5 },
  monitor: { name: "Monitor", price: 189 },
} as const satisfies Record<string, Product>;

/** The product a scenario calls `word` ("laptop", "mouse"), if the catalogue has it. */
export function productNamed(word: string): Product | undefined {
  return Object.hasOwn(catalogue, word) ? catalogue[word as keyof typeof catalogue] : undefined;
}
