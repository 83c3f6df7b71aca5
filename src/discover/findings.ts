/** What discover says about one domain while it looks: differences and what is not there. */
export class Findings {
  readonly differences: string[] = [];
  readonly notFound: string[] = [];

  differ(text: string): void {
    this.differences.push(text);
  }

  missing(text: string): void {
    this.notFound.push(text);
  }
}

/** `a, b and c`. */
export function listed(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.slice(-1).join("")}`;
}
