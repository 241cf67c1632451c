// The metrics options of `subflow serve`: --metrics-listen addresses and what the flags ask for.
import { describe, expect, it } from 'vitest';
import { parseListenAddress } from '../../../electron/metrics/listen-address.js';
import { readMetricsOptions } from '../../../electron/metrics/metrics-options.js';

describe('parseListenAddress', () => {
  it.each([
    ['9464', { address: '127.0.0.1', port: 9464 }],
    ['127.0.0.1:0', { address: '127.0.0.1', port: 0 }],
    ['0.0.0.0:9464', { address: '0.0.0.0', port: 9464 }],
    ['[::1]:9464', { address: '::1', port: 9464 }],
    ['LOCALHOST:80', { address: 'localhost', port: 80 }],
  ])('reads %s', (text, expected) => {
    expect(parseListenAddress(text)).toEqual(expected);
  });

  it.each([
    ['::1:9464', /brackets/],
    ['host.example:9464', /not an IP address/],
    ['127.0.0.1:70000', /not a port/],
    ['127.0.0.1:', /not a port/],
    ['[nope]:1', /not an IPv6/],
  ])('refuses %s, saying what to write', (text, why) => {
    expect(() => parseListenAddress(text)).toThrow(why);
    expect(() => parseListenAddress(text)).toThrow(/e\.g\. 127\.0\.0\.1:9464/);
  });
});

describe('readMetricsOptions', () => {
  const token = 'prometheus-scrape-token';

  it('is off without --metrics or --metrics-listen', () => {
    expect(readMetricsOptions({})).toBeNull();
  });

  it('serves on the main port with the given token, or a random one', () => {
    expect(readMetricsOptions({ metrics: true, 'metrics-token': token })).toEqual({
      mainPortToken: token,
      listener: null,
    });
    const random = readMetricsOptions({ metrics: true })?.mainPortToken ?? '';
    expect(random).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('gives the listener a token only when one is given', () => {
    expect(readMetricsOptions({ 'metrics-listen': '9464' })).toEqual({
      mainPortToken: null,
      listener: { at: { address: '127.0.0.1', port: 9464 }, token: null },
    });
    const both = readMetricsOptions({
      metrics: true,
      'metrics-listen': '0',
      'metrics-token': token,
    });
    expect(both?.listener?.token).toBe(token);
    expect(both?.mainPortToken).toBe(token);
  });

  it('refuses a token without metrics, and an unusable token', () => {
    expect(() => readMetricsOptions({ 'metrics-token': token })).toThrow(
      '--metrics-token needs --metrics or --metrics-listen',
    );
    expect(() => readMetricsOptions({ metrics: true, 'metrics-token': 'short' })).toThrow(/16–256/);
  });
});

describe('readMetricsOptions and --allow-remote', () => {
  it('refuses a non-loopback --metrics-listen without --allow-remote, before anything starts', () => {
    expect(() => readMetricsOptions({ 'metrics-listen': '0.0.0.0:9464' })).toThrow(
      /reachable from other machines; pass --allow-remote/,
    );
    expect(readMetricsOptions({ 'metrics-listen': '0.0.0.0:9464' }, true)?.listener?.at).toEqual({
      address: '0.0.0.0',
      port: 9464,
    });
  });
});
