const MAX_QUOTED_LENGTH = 80;

/**
 * Renders a value for an error message, so that every message names the bad
 * input the same way: strings in JSON quotes (cut when long), everything else
 * with its type.
 */
export function quote(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(
        value.length > MAX_QUOTED_LENGTH ? `${value.slice(0, MAX_QUOTED_LENGTH)}…` : value,
      );
    case "number":
    case "boolean":
    case "bigint":
    case "symbol":
      return `${typeof value} ${String(value)}`;
    case "function":
      return `function ${value.name || "(anonymous)"}`;
    case "undefined":
      return "undefined";
    default:
      if (value === null) return "null";
      return `an instance of ${(value as object).constructor?.name ?? "Object"}`;
  }
}
