import { isIPv4, isIPv6 } from 'node:net';

/*
 * Which addresses a webhook may not reach unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES is set: anything but the public
 * internet, so a caller cannot use the jobs service to reach hosts inside its network (cloud metadata at
 * 169.254.169.254, Redis on localhost, a pod's neighbours).
 */

/** IPv4 ranges that are not public unicast: [first address, prefix length]. */
const NON_PUBLIC_IPV4: readonly [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

/** IPv6 ranges that are not public unicast, as [first address, prefix length]. */
const NON_PUBLIC_IPV6: readonly [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

function ipv4Value(address: string): number {
  return address.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}

function inIpv4Range(value: number, [first, prefix]: readonly [string, number]): boolean {
  const size = 2 ** (32 - prefix);
  const start = ipv4Value(first);
  return value >= start && value < start + size;
}

/** An IPv6 address as its 16 bytes (dotted IPv4 tails and `::` expanded), or null when it is not one. */
export function ipv6Bytes(address: string): Uint8Array | null {
  const text = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!isIPv6(text)) return null;
  let groups = text;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const value = ipv4Value(dotted[1]);
    groups = `${text.slice(0, dotted.index)}${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = groups.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const all = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
  const bytes = new Uint8Array(16);
  all.forEach((group, index) => {
    const value = parseInt(group, 16);
    bytes[index * 2] = value >> 8;
    bytes[index * 2 + 1] = value & 0xff;
  });
  return bytes;
}

function inIpv6Range(bytes: Uint8Array, [first, prefix]: readonly [string, number]): boolean {
  const start = ipv6Bytes(first)!;
  for (let bit = 0; bit < prefix; bit += 8) {
    const bits = Math.min(8, prefix - bit);
    const mask = (0xff << (8 - bits)) & 0xff;
    const index = bit / 8;
    if ((bytes[index] & mask) !== (start[index] & mask)) return false;
  }
  return true;
}

/** The IPv4 address an IPv6 address carries (IPv4-mapped, IPv4-compatible, NAT64, 6to4), if it carries one. */
function embeddedIpv4(bytes: Uint8Array): string | null {
  const dotted = (offset: number) => Array.from(bytes.subarray(offset, offset + 4)).join('.');
  const zeros = (from: number, to: number) => bytes.subarray(from, to).every((byte) => byte === 0);
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return dotted(12); // ::ffff:a.b.c.d
  if (zeros(0, 12)) return dotted(12); // ::a.b.c.d (deprecated compatible form)
  if (inIpv6Range(bytes, ['64:ff9b::', 96]) || inIpv6Range(bytes, ['64:ff9b:1::', 48])) return dotted(12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return dotted(2); // 6to4: 2002:aabb:ccdd::
  return null;
}

/**
 * Whether `address` (an IP literal, IPv6 with or without brackets or a zone) is loopback, private, link-local,
 * unique-local, multicast, reserved or documentation space, or an IPv6 form carrying such an IPv4 address. Text
 * that is not an IP address counts as not public.
 */
export function isNonPublicAddress(address: string): boolean {
  if (isIPv4(address)) {
    const value = ipv4Value(address);
    return NON_PUBLIC_IPV4.some((range) => inIpv4Range(value, range));
  }
  const bytes = ipv6Bytes(address);
  if (!bytes) return true;
  if (NON_PUBLIC_IPV6.some((range) => inIpv6Range(bytes, range))) return true;
  const ipv4 = embeddedIpv4(bytes);
  return ipv4 !== null && isNonPublicAddress(ipv4);
}

/** The addresses of `addresses` a webhook may not reach (all of them must be public for a request to go). */
export function nonPublicAddresses(addresses: readonly string[]): string[] {
  return addresses.filter(isNonPublicAddress);
}
