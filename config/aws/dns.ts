/**
 * DNS names as Route 53, ACM and API Gateway custom domains take them.
 *
 * - RFC 1035 §2.3.4 / ACM API Reference, RequestCertificate (DomainName, SubjectAlternativeNames):
 *   "The maximum length of a DNS name is 253 octets. The name is made up of multiple labels
 *   separated by periods. No label can be longer than 63 octets."
 * - ACM API Reference, RequestCertificate (DomainName): "In compliance with RFC 5280, the length
 *   of the domain name (technically, the Common Name) that you provide cannot exceed 64 octets
 *   (characters), including periods." (a longer name can only be a subject alternative name)
 * - Labels: letters, digits and '-', not starting or ending with '-' (RFC 1123 §2.1; API Gateway
 *   custom domain names and ACM refuse anything else); names are written lower case and without
 *   the root's trailing '.'.
 */

export interface DnsNameOptions {
  /** The name is a certificate's first name (its Common Name): at most 64 octets. */
  readonly commonName?: boolean;
}

export const DNS_NAME_MAX_OCTETS = 253;
export const DNS_LABEL_MAX_OCTETS = 63;
export const CERT_COMMON_NAME_MAX_OCTETS = 64;

/** Why `name` is not a DNS name AWS takes here, or undefined. Non-strings are left to the schema. */
export function dnsNameProblem(name: unknown, opts: DnsNameOptions = {}): string | undefined {
  if (typeof name !== "string") return undefined;
  if (name.length === 0) return "must be a DNS name like api.example.com (got an empty string)";
  if (/\s/.test(name)) return "must not contain whitespace";
  if (name.endsWith(".")) return "must not end with '.' (write the name without the root's trailing dot)";
  const octets = Buffer.byteLength(name, "utf8");
  if (octets !== name.length) return "must be ASCII: write an internationalised name in its punycode form (xn--...)";
  if (name !== name.toLowerCase()) return "must be lower case (DNS names are case-insensitive; AWS stores and compares them lower-cased)";
  const labels = name.split(".");
  if (labels.length < 2) return "must have at least two labels, like example.com";
  for (const label of labels) {
    if (label.length === 0) return "has an empty label ('..' or a leading '.')";
    if (label.length > DNS_LABEL_MAX_OCTETS) return `has a label of ${label.length} octets ('${label.slice(0, 20)}...'); a label is at most ${DNS_LABEL_MAX_OCTETS} octets (RFC 1035; ACM RequestCertificate)`;
    if (label === "*") return "must not be a wildcard name here";
    if (!/^[a-z0-9-]+$/.test(label)) return `label '${label}' may contain only letters, digits and '-'`;
    if (label.startsWith("-") || label.endsWith("-")) return `label '${label}' must not start or end with '-'`;
  }
  if (/^\d+$/.test(labels[labels.length - 1])) return "must not be an IP address or end in an all-numeric label";
  if (octets > DNS_NAME_MAX_OCTETS) return `is ${octets} octets; a DNS name is at most ${DNS_NAME_MAX_OCTETS} (RFC 1035; ACM RequestCertificate)`;
  if (opts.commonName && octets > CERT_COMMON_NAME_MAX_OCTETS) {
    return `is ${octets} octets; it is the certificate's domain name (its Common Name), which ACM limits to ${CERT_COMMON_NAME_MAX_OCTETS} octets (RFC 5280; ACM RequestCertificate DomainName)`;
  }
  return undefined;
}
