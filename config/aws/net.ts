/**
 * IP addresses and CIDR blocks parsed as addresses (not pattern-matched): octets 0-255, IPv6
 * groups, prefix length within the family, no host bits set after the prefix.
 * AWS WAF IP sets: "AWS WAF supports all IPv4 and IPv6 CIDR ranges except for /0", one address
 * family per set (https://docs.aws.amazon.com/waf/latest/APIReference/API_IPSet.html).
 */

export interface Cidr {
  readonly family: 4 | 6;
  /** Network address as an unsigned integer (32 or 128 bits). */
  readonly network: bigint;
  readonly prefix: number;
  /** The canonical text (`10.0.0.0/8`, `2001:db8::/32`). */
  readonly text: string;
}

export type CidrResult = { ok: true; cidr: Cidr } | { ok: false; reason: string };

function parseIpv4(s: string): bigint | string {
  const parts = s.split(".");
  if (parts.length !== 4) return "an IPv4 address has four dot-separated octets";
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return `octet '${p}' is not a number 0-255`;
    if (p.length > 1 && p.startsWith("0")) return `octet '${p}' has a leading zero (ambiguous: octal in some parsers)`;
    const n = Number(p);
    if (n > 255) return `octet ${n} is above 255`;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseIpv6(s: string): bigint | string {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return "an IPv6 address has only hex digits and ':'";
  const halves = s.split("::");
  if (halves.length > 2) return "'::' may appear only once";
  const groups = (h: string) => (h === "" ? [] : h.split(":"));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const all = [...head, ...tail];
  // an embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups
  let v4: bigint | undefined;
  if (all.length && all[all.length - 1].includes(".")) {
    const last = (tail.length ? tail : head).pop()!;
    const r = parseIpv4(last);
    if (typeof r === "string") return r;
    v4 = r;
  }
  const n = head.length + tail.length + (v4 !== undefined ? 2 : 0);
  if (halves.length === 1 ? n !== 8 : n > 7) return "an IPv6 address has eight 16-bit groups";
  for (const g of [...head, ...tail]) if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return `group '${g}' is not 1-4 hex digits`;
  const fill = 8 - n;
  const words = [...head.map((g) => BigInt(`0x${g}`)), ...Array<bigint>(halves.length === 2 ? fill : 0).fill(0n), ...tail.map((g) => BigInt(`0x${g}`))];
  let v = 0n;
  for (const w of words) v = (v << 16n) | w;
  if (v4 !== undefined) v = (v << 32n) | v4;
  return v;
}

function formatIpv4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join(".");
}

function formatIpv6(v: bigint): string {
  const words = Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(112 - 16 * i)) & 0xffffn));
  // longest run of zeros (length >= 2) becomes '::'
  let best = -1;
  let len = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > len && j - i >= 2) { best = i; len = j - i; }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + len).join(":")}`;
}

/** Parses `a.b.c.d/n` or `x:y::z/n`. Host bits set after the prefix are refused (the canonical network is suggested). */
export function parseCidr(text: unknown): CidrResult {
  if (typeof text !== "string") return { ok: false, reason: "must be a string like 203.0.113.0/24" };
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(text);
  if (!m) return { ok: false, reason: "must be a CIDR block: address/prefix, like 203.0.113.0/24 or 2001:db8::/32" };
  const family: 4 | 6 = m[1].includes(":") ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  const addr = family === 4 ? parseIpv4(m[1]) : parseIpv6(m[1]);
  if (typeof addr === "string") return { ok: false, reason: `is not a valid IPv${family} CIDR block: ${addr}` };
  const prefix = Number(m[2]);
  if (m[2].length > 1 && m[2].startsWith("0")) return { ok: false, reason: "prefix length has a leading zero" };
  if (prefix > bits) return { ok: false, reason: `prefix /${prefix} is longer than IPv${family}'s ${bits} bits` };
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  const network = addr & ~hostMask;
  const canonical = `${family === 4 ? formatIpv4(network) : formatIpv6(network)}/${prefix}`;
  if ((addr & hostMask) !== 0n) return { ok: false, reason: `has host bits set after /${prefix}: the block is ${canonical}` };
  return { ok: true, cidr: { family, network, prefix, text: canonical } };
}

/**
 * True when the blocks together cover the family's whole address space (like `/0`): e.g.
 * `0.0.0.0/1` + `128.0.0.0/1`. Computed as a union of intervals, so any split is found.
 */
export function coversWholeSpace(cidrs: readonly Cidr[], family: 4 | 6): boolean {
  const bits = family === 4 ? 32n : 128n;
  const end = 1n << bits;
  const ranges = cidrs
    .filter((c) => c.family === family)
    .map((c) => [c.network, c.network + (1n << (bits - BigInt(c.prefix)))] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let covered = 0n;
  for (const [from, to] of ranges) {
    if (from > covered) return false;
    if (to > covered) covered = to;
    if (covered >= end) return true;
  }
  return covered >= end;
}

/** Share of the family's address space the blocks cover (0..1), for messages. */
export function coveredShare(cidrs: readonly Cidr[], family: 4 | 6): number {
  const bits = family === 4 ? 32 : 128;
  const ranges = cidrs.filter((c) => c.family === family).map((c) => [c.network, c.network + (1n << BigInt(bits - c.prefix))] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  let total = 0n;
  let at = 0n;
  for (const [from, to] of ranges) {
    const f = from > at ? from : at;
    if (to > f) total += to - f;
    if (to > at) at = to;
  }
  return Number((total * 1_000_000n) / (1n << BigInt(bits))) / 1_000_000;
}
