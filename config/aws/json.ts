/**
 * A strict JSON reader for environment files: the same grammar as JSON.parse (RFC 8259), but a
 * duplicated key is an error naming its path (JSON.parse keeps the last value silently — an app
 * or a setting vanishes), and syntax errors give line and column.
 */

export interface JsonProblem {
  readonly path: string;
  readonly message: string;
  readonly value: unknown;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} at line ${line}, column ${column}`);
  }
}

/** Parses `text`; returns the value and every duplicate key found (the value is JSON.parse's). */
export function parseJsonStrict(text: string): { value: unknown; duplicates: JsonProblem[] } {
  let i = 0;
  const duplicates: JsonProblem[] = [];
  const where = (at: number) => {
    let line = 1;
    let col = 1;
    for (let k = 0; k < at && k < text.length; k++) {
      if (text[k] === "\n") { line++; col = 1; } else col++;
    }
    return { line, col };
  };
  const fail = (msg: string, at = i): never => {
    const { line, col } = where(at);
    throw new JsonSyntaxError(msg, line, col);
  };
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const describe = (c: string | undefined) => (c === undefined ? "end of file" : `'${c}'`);
  const join = (path: string, key: string | number) => (typeof key === "number" ? `${path}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`);

  const str = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i++;
        return JSON.parse(text.slice(start, i));
      }
      if (c === "\\") {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail("bad \\u escape in string", i);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(`bad escape '\\${e ?? ""}' in string`, i);
        continue;
      }
      if (c < " ") fail("control character in string (escape it)", i);
      i++;
    }
    return fail("unterminated string", start);
  };

  const value = (path: string): unknown => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const obj: Record<string, unknown> = {};
      const seen = new Map<string, number>();
      ws();
      if (text[i] === "}") { i++; return obj; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a "quoted" key, found ${describe(text[i])}${text[i] === "}" ? " (trailing comma?)" : ""}`);
        const keyAt = i;
        const key = str();
        ws();
        if (text[i] !== ":") fail(`expected ':' after key "${key}", found ${describe(text[i])}`);
        i++;
        const v = value(join(path, key));
        if (seen.has(key)) {
          const first = where(seen.get(key)!);
          const now = where(keyAt);
          duplicates.push({ path: join(path, key), message: `duplicate key (line ${now.line}, column ${now.col}; first at line ${first.line}, column ${first.col}): JSON keeps only the last value`, value: v });
        } else seen.set(key, keyAt);
        obj[key] = v;
        ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "}") { i++; return obj; }
        fail(`expected ',' or '}' in object, found ${describe(text[i])}`);
      }
    }
    if (c === "[") {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === "]") { i++; return arr; }
      for (;;) {
        arr.push(value(join(path, arr.length)));
        ws();
        if (text[i] === ",") { i++; ws(); if (text[i] === "]") fail("trailing comma in array"); continue; }
        if (text[i] === "]") { i++; return arr; }
        fail(`expected ',' or ']' in array, found ${describe(text[i])}`);
      }
    }
    if (c === '"') return str();
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m && m[0].length) { i += m[0].length; return Number(m[0]); }
    for (const [lit, v] of [["true", true], ["false", false], ["null", null]] as const) {
      if (text.startsWith(lit, i)) { i += lit.length; return v; }
    }
    return fail(`unexpected ${describe(c)}`);
  };

  if (text.charCodeAt(0) === 0xfeff) i = 1; // BOM
  const v = value("");
  ws();
  if (i < text.length) fail(`unexpected ${describe(text[i])} after the end of the document`);
  return { value: v, duplicates };
}
