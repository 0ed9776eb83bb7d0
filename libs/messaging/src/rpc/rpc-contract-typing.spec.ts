import {
  CampaignIdPayload,
  EmptyPayload,
  Subjects,
  type Actor,
  type CampaignView,
  type CurrentUserView,
} from '@shotcaller/contracts';
import type { ServiceClient } from '../service-client.js';
import { RpcActor } from './rpc-access.guard.js';
import { RpcHandler } from './rpc-handler.js';

/**
 * The contract map types both sides: each `@ts-expect-error` below marks a mismatch the type check must refuse
 * (if one ever compiles, `npm run typecheck` fails on the unused directive).
 */
class Handlers {
  @RpcHandler(Subjects.campaign.campaigns.get)
  get(_: CampaignIdPayload, @RpcActor() __: Actor): Promise<CampaignView> {
    return Promise.reject(new Error('not called'));
  }

  // @ts-expect-error the answer is not the contract's
  @RpcHandler(Subjects.campaign.users.current)
  wrongAnswer(_: EmptyPayload): Promise<{ id: number }> {
    return Promise.resolve({ id: 1 });
  }

  // @ts-expect-error the payload is not the contract's
  @RpcHandler(Subjects.campaign.campaigns.get)
  wrongPayload(_: { slug: number }): Promise<CampaignView> {
    return Promise.reject(new Error('not called'));
  }
}

function callers(client: ServiceClient, caller: { token: string }) {
  return [
    client.request(Subjects.campaign.campaigns.get, { id: 'x' }, { caller }),
    // @ts-expect-error a payload the contract does not take
    client.request(Subjects.campaign.campaigns.get, { name: 'x' }, { caller }),
    // @ts-expect-error an actor-only subject without the caller's token
    client.request(Subjects.campaign.users.current, new EmptyPayload()),
    // @ts-expect-error not a subject of the contract map
    client.request('campaign.nope', {}, { caller }),
  ];
}

describe('the contract map', () => {
  it('types handlers and callers (checked by tsc; this only loads the declarations)', () => {
    expect(new Handlers()).toBeInstanceOf(Handlers);
    expect(typeof callers).toBe('function');
  });

  it('answers the right type to a caller', () => {
    const answer: (client: ServiceClient, caller: { token: string }) => Promise<CurrentUserView> = (
      client,
      caller,
    ) => client.request(Subjects.campaign.users.current, new EmptyPayload(), { caller });
    expect(typeof answer).toBe('function');
  });
});
