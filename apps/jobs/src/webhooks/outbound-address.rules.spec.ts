import { ipv6Bytes, isNonPublicAddress, nonPublicAddresses } from './outbound-address.rules.js';

describe('outbound address rules', () => {
  it.each([
    ['127.0.0.1', 'IPv4 loopback'],
    ['127.255.0.9', 'IPv4 loopback range'],
    ['10.1.2.3', 'private 10/8'],
    ['172.16.0.1', 'private 172.16/12 start'],
    ['172.31.255.255', 'private 172.16/12 end'],
    ['192.168.1.1', 'private 192.168/16'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['198.18.0.1', 'benchmarking'],
    ['192.0.2.10', 'documentation'],
    ['::1', 'IPv6 loopback'],
    ['[::1]', 'bracketed IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fe80::1', 'IPv6 link-local'],
    ['fe80::1%eth0', 'IPv6 link-local with a zone'],
    ['febf::1', 'IPv6 link-local end'],
    ['fc00::1', 'unique-local fc00::/7'],
    ['fd12:3456:789a::1', 'unique-local fd'],
    ['ff02::1', 'IPv6 multicast'],
    ['2001:db8::1', 'IPv6 documentation'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback in hex'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::127.0.0.1', 'IPv4-compatible loopback'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 of link-local'],
    ['2002:c0a8:0101::1', '6to4 of 192.168.1.1'],
    ['localhost', 'not an IP address'],
    ['999.1.1.1', 'not an IP address'],
  ])('refuses %s (%s)', (address) => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  it.each([
    ['1.1.1.1'],
    ['8.8.8.8'],
    ['172.15.255.255'],
    ['172.32.0.0'],
    ['100.63.255.255'],
    ['100.128.0.0'],
    ['169.253.255.255'],
    ['192.169.0.1'],
    ['223.255.255.255'],
    ['2606:4700:4700::1111'],
    ['2a00:1450:4001:80b::200e'],
    ['[2001:4860:4860::8888]'],
    ['::ffff:8.8.8.8'],
    ['64:ff9b::808:808'],
    ['2002:0808:0808::1'],
    ['fbff::1'],
    ['fe7f::1'],
  ])('lets %s through (public)', (address) => {
    expect(isNonPublicAddress(address)).toBe(false);
  });

  it('names every non-public address of a host, so one bad address among good ones refuses it', () => {
    expect(nonPublicAddresses(['93.184.216.34', '2606:2800:220:1::1'])).toEqual([]);
    expect(nonPublicAddresses(['93.184.216.34', '127.0.0.1', '::1'])).toEqual(['127.0.0.1', '::1']);
  });

  it('expands IPv6 text to its bytes, dotted tails included', () => {
    expect(Array.from(ipv6Bytes('::ffff:1.2.3.4')!)).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4,
    ]);
    expect(Array.from(ipv6Bytes('1:2::8')!)).toEqual([0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8]);
    expect(Array.from(ipv6Bytes('1:2:3:4:5:6:7:8')!).filter((_, i) => i % 2 === 1)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    expect(ipv6Bytes('1.2.3.4')).toBeNull();
  });
});
