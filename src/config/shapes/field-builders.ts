import type { z as Zod } from "zod";
import type { Normalized } from "../fields/normalized";

/** The field builders the config's schemas share: normalized strings, case-insensitive choices, ranges, patterns. */
export function fieldBuilders(z: typeof Zod) {
  /** A string field run through one of the normalizers; a problem becomes a field-path issue. */
  function normalized<T>(normalize: (input: string) => Normalized<T>) {
    return z.string().transform((value, ctx) => {
      const result = normalize(value);
      if (!result.ok) {
        ctx.addIssue({ code: "custom", message: result.problem });
        return z.NEVER;
      }
      return result.value;
    });
  }

  /** An enum matched case-insensitively, so `EU` and `Cloudflare` are accepted. */
  function choice<const T extends readonly [string, ...string[]]>(values: T) {
    return z.preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : v), z.enum(values as unknown as [T[number], ...T[number][]]));
  }

  /** An enum matched case-insensitively but kept in its canonical spelling (`PriceClass_100`). */
  function canonicalChoice<const T extends readonly [string, ...string[]]>(values: T) {
    return z.preprocess((v) => {
      if (typeof v !== "string") return v;
      const wanted = v.trim().toLowerCase();
      return values.find((value) => value.toLowerCase() === wanted) ?? v;
    }, z.enum(values as unknown as [T[number], ...T[number][]]));
  }

  /** A whole number in a range; the message names both ends, whichever is crossed. */
  function between(min: number, max: number, describe: (min: number, max: number) => string) {
    const message = describe(min, max);
    return z.number().int().min(min, message).max(max, message);
  }

  /** A name-like string: the characters and length a backend accepts, with the fix in the message. */
  function pattern(regex: RegExp, message: string) {
    return z.string().regex(regex, message);
  }

  return { normalized, choice, canonicalChoice, between, pattern };
}
