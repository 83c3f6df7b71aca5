/** Either the normalized value or what is wrong with the input and how to fix it. */
export type Normalized<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

export function refuse(problem: string): { readonly ok: false; readonly problem: string } {
  return { ok: false, problem };
}
