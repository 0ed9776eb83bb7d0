import { lookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { WebhookFailureCodes } from '@shotcaller/contracts';
import { JobFailure } from '../queues/job-failure.js';
import { nonPublicAddresses } from './outbound-address.rules.js';
import type { WebhookAnswer } from './webhook-response.rules.js';
import { WEBHOOK_SETTINGS, type WebhookSettings } from './webhook-settings.js';

/** The most of a 429 answer's body that is read (Discord's `retry_after` is at its start). */
export const WEBHOOK_ANSWER_BODY_MAX_BYTES = 4096;

const USER_AGENT = 'Shotcaller-Webhooks/1.0';

interface ResolvedAddress {
  address: string;
  family: number;
}

/** No answer at all: worth another try later. The message names no URL (it may hold a token). */
function unreachable(message: string): JobFailure {
  return JobFailure.transient(WebhookFailureCodes.unreachable, message);
}

/** A lookup that answers the addresses already resolved and checked, so the connection goes to one of them. */
function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [...addresses]);
    else callback(null, addresses[0].address, addresses[0].family);
  };
}

/**
 * Sends one POST of a JSON body and reports the answer's status, without following redirects. The host name is
 * resolved first and every address checked (unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES): any non-public one refuses
 * the request, and the connection is pinned to the checked addresses, so a DNS answer that changes between the
 * check and the connection cannot slip through. WEBHOOK_TIMEOUT_MS bounds the whole exchange.
 */
@Injectable()
export class WebhookSender {
  constructor(@Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings) {}

  async post(url: string, headers: Record<string, string>, body: string): Promise<WebhookAnswer> {
    const target = new URL(url);
    const deadline = AbortSignal.timeout(this.settings.timeoutMs);
    const addresses = await this.addressesOf(target.hostname.replace(/^\[|\]$/g, ''), deadline);
    return this.send(target, addresses, headers, body, deadline);
  }

  private async addressesOf(host: string, deadline: AbortSignal): Promise<ResolvedAddress[]> {
    const family = isIP(host);
    let addresses: ResolvedAddress[];
    if (family !== 0) {
      addresses = [{ address: host, family }];
    } else {
      const timedOut = new Promise<never>((_resolve, reject) => {
        deadline.addEventListener('abort', () => reject(unreachable('Resolving the host timed out')), {
          once: true,
        });
      });
      try {
        addresses = await Promise.race([lookup(host, { all: true, order: 'verbatim' }), timedOut]);
      } catch (error) {
        if (error instanceof JobFailure) throw error;
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        throw unreachable(`The webhook's host could not be resolved (${code})`);
      }
    }
    if (addresses.length === 0) throw unreachable("The webhook's host has no address");
    if (
      !this.settings.allowPrivateAddresses &&
      nonPublicAddresses(addresses.map((a) => a.address)).length > 0
    ) {
      throw JobFailure.permanent(
        WebhookFailureCodes.addressRefused,
        "The webhook's host is or resolves to a loopback, private or link-local address, which webhooks may not reach",
      );
    }
    return addresses;
  }

  private send(
    target: URL,
    addresses: ResolvedAddress[],
    headers: Record<string, string>,
    body: string,
    deadline: AbortSignal,
  ): Promise<WebhookAnswer> {
    const client = target.protocol === 'https:' ? https : http;
    return new Promise<WebhookAnswer>((resolve, reject) => {
      const failed = (error: Error) =>
        reject(
          deadline.aborted
            ? unreachable(`The webhook receiver did not answer within ${this.settings.timeoutMs} ms`)
            : unreachable(
                `The webhook receiver could not be reached (${(error as NodeJS.ErrnoException).code ?? error.name})`,
              ),
        );
      const request = client.request(
        {
          protocol: target.protocol,
          hostname: target.hostname.replace(/^\[|\]$/g, ''),
          port: target.port === '' ? undefined : Number(target.port),
          path: `${target.pathname}${target.search}`,
          method: 'POST',
          headers: {
            ...headers,
            'Content-Type': 'application/json',
            'Content-Length': String(Buffer.byteLength(body)),
            'User-Agent': USER_AGENT,
          },
          lookup: pinnedLookup(addresses),
          agent: false,
          signal: deadline,
        },
        (response) => {
          const status = response.statusCode ?? 0;
          const retryAfter = response.headers['retry-after'];
          if (status !== 429) {
            response.destroy();
            resolve({ status, retryAfter });
            return;
          }
          void readBounded(response, WEBHOOK_ANSWER_BODY_MAX_BYTES).then((text) =>
            resolve({ status, retryAfter, body: text }),
          );
        },
      );
      request.on('error', failed);
      request.end(body);
    });
  }
}

/**
 * The start of a response's body, at most `maxBytes`, then the response is dropped. Whatever arrived counts when
 * the body ends early, fails or outlasts the deadline.
 */
function readBounded(response: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      response.destroy();
      resolve(Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8'));
    };
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= maxBytes) done();
    });
    response.on('end', done);
    response.on('error', done);
    response.on('close', done);
  });
}
