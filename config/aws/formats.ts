/**
 * Formats AWS checks on values the environment files carry. Each check cites the AWS document
 * it encodes; the README's "Validation" table lists them.
 */

/**
 * ISO 3166-1 alpha-2 codes (all 249 officially assigned), plus `XK` (Kosovo), which WAF's
 * GeoMatchStatement accepts as well. AWS WAF geo match uses these two-letter codes
 * (https://docs.aws.amazon.com/waf/latest/APIReference/API_GeoMatchStatement.html). `UK` is
 * not one of them (ISO reserves it; the United Kingdom is `GB`), nor `EU`.
 */
export const ISO_3166_ALPHA2: ReadonlySet<string> = new Set(
  (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
    "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
    "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
    "KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT " +
    "MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
    "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
    "UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
  ).split(" "),
);
export const WAF_EXTRA_COUNTRY_CODES: ReadonlySet<string> = new Set(["XK"]);

/** Common mistakes with the right code, for the message. */
const COUNTRY_HINTS: Record<string, string> = { UK: "GB", EL: "GR", EU: "the member states' codes", KO: "KR or KP", SP: "ES" };

export function countryCodeProblem(code: unknown): string | undefined {
  if (typeof code !== "string") return "must be a two-letter ISO 3166-1 alpha-2 code like GB";
  if (ISO_3166_ALPHA2.has(code) || WAF_EXTRA_COUNTRY_CODES.has(code)) return undefined;
  if (ISO_3166_ALPHA2.has(code.toUpperCase())) return `must be upper case: ${code.toUpperCase()}`;
  const hint = COUNTRY_HINTS[code.toUpperCase()];
  return `is not an ISO 3166-1 alpha-2 country code${hint ? ` (did you mean ${hint}?)` : ""} (WAF API_GeoMatchStatement)`;
}

/**
 * Tags (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html, "Tag naming limits
 * and requirements"): key 1-128 and value 0-256 Unicode characters; letters, numbers, spaces and
 * `_ . : / = + - @`; the `aws:` prefix is reserved for AWS (any case) and cannot be used.
 */
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export function tagKeyProblem(key: string): string | undefined {
  const n = [...key].length;
  if (n < 1 || n > 128) return `tag keys are 1-128 characters (got ${n}) (AWS tagging: naming limits)`;
  if (/^aws:/i.test(key)) return "tag keys must not start with 'aws:', reserved for AWS (AWS tagging: naming limits)";
  if (!TAG_CHARS.test(key)) return "tag keys may contain only letters, numbers, spaces and _ . : / = + - @ (AWS tagging: naming limits)";
  return undefined;
}
export function tagValueProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return "tag values are strings";
  const n = [...value].length;
  if (n > 256) return `tag values are at most 256 characters (got ${n}) (AWS tagging: naming limits)`;
  if (!TAG_CHARS.test(value)) return "tag values may contain only letters, numbers, spaces and _ . : / = + - @ (AWS tagging: naming limits)";
  return undefined;
}

/**
 * General purpose bucket naming rules
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html): 3-63
 * characters; lower-case letters, numbers, '.' and '-'; begin and end with a letter or number;
 * no two adjacent periods; not formatted as an IP address; not starting with `xn--`, `sthree-`,
 * `amzn-s3-demo-`; not ending with `-s3alias`, `--ol-s3`, `.mrap`, `--x-s3`, `--table-s3`.
 */
export function bucketNameProblem(name: unknown): string | undefined {
  if (typeof name !== "string") return "must be an S3 bucket name";
  const src = "(S3 User Guide: general purpose bucket naming rules)";
  if (name.length < 3 || name.length > 63) return `must be 3-63 characters (got ${name.length}) ${src}`;
  if (!/^[a-z0-9.-]+$/.test(name)) return `may contain only lower-case letters, numbers, '.' and '-' ${src}`;
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return `must begin and end with a letter or number ${src}`;
  if (name.includes("..")) return `must not contain two adjacent periods ${src}`;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return `must not be formatted as an IP address ${src}`;
  for (const p of ["xn--", "sthree-", "amzn-s3-demo-"]) if (name.startsWith(p)) return `must not start with the reserved prefix '${p}' ${src}`;
  for (const s of ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"]) if (name.endsWith(s)) return `must not end with the reserved suffix '${s}' ${src}`;
  return undefined;
}

/**
 * S3 object key (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html): 1-1024
 * bytes of UTF-8. A truststore key is the key only: no `s3://`, no bucket, no leading '/'.
 */
export function objectKeyProblem(key: unknown): string | undefined {
  if (typeof key !== "string" || key.length === 0) return "must be an S3 object key like certs/truststore.pem";
  if (Buffer.byteLength(key, "utf8") > 1024) return "S3 object keys are at most 1024 bytes (S3 User Guide: naming objects)";
  if (/^s3:\/\//i.test(key)) return "must be the object key only (the bucket goes into truststoreBucket), without s3://";
  if (key.startsWith("/")) return "must not start with '/' (the key would get an empty first segment: s3://bucket//key)";
  if (/[\x00-\x1f\x7f]/.test(key)) return "must not contain control characters (S3 User Guide: naming objects)";
  if (key.split("/").some((s) => s === "." || s === "..")) return "must not contain '.' or '..' segments (S3 User Guide: naming objects, characters to avoid)";
  return undefined;
}

/**
 * A CORS origin is an exact origin: `scheme://host[:port]` (RFC 6454; what browsers send in the
 * Origin header and compare with Access-Control-Allow-Origin byte for byte). No path, no
 * trailing '/', no wildcard inside the host, no user info. https only in prod.
 */
export function originProblem(origin: unknown, prod: boolean): string | undefined {
  if (origin === "*") return prod ? "prod does not allow the wildcard origin" : undefined;
  if (typeof origin !== "string") return "must be an origin like https://app.example.com";
  if (origin.includes("*")) return "wildcards inside an origin never match: the browser compares the Origin header exactly (list each origin, or '*' outside prod)";
  const m = /^(https?):\/\/([^/?#@:\s]+)(?::(\d{1,5}))?$/.exec(origin);
  if (!m) {
    if (/^https?:\/\/[^/]+\/.*$/.test(origin)) return "must be an origin without a path or trailing '/': scheme://host[:port] (browsers send no path in Origin)";
    return "must be an exact origin: scheme://host[:port] like https://app.example.com";
  }
  const [, scheme, host, port] = m;
  if (host !== host.toLowerCase()) return "host must be lower case: browsers send the origin lower-cased";
  if (!/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(host)) return "host must be a DNS name or IPv4 address";
  if (port !== undefined) {
    const n = Number(port);
    if (n < 1 || n > 65535) return "port must be 1-65535";
    if ((scheme === "https" && n === 443) || (scheme === "http" && n === 80)) return `the default port :${n} is not part of the origin browsers send; remove it`;
  }
  if (scheme === "http" && prod) return "prod allows https origins only";
  return undefined;
}
