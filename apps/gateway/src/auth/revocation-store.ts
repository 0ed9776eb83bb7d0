import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser, RevocationStore } from '@shotcaller/auth';
import { Subjects, type RevocationsPage } from '@shotcaller/contracts';
import { ServiceClient } from '@shotcaller/messaging';

/** Sign-outs are stored by `campaign`, the account owner; this gateway's Redis only caches them. */
@Injectable()
export class GatewayRevocationStore implements RevocationStore {
  constructor(private readonly services: ServiceClient) {}

  async record(user: AuthenticatedUser): Promise<void> {
    await this.services.request(
      Subjects.campaign.sessions.revoke,
      { jti: user.claims.jti, exp: user.claims.exp },
      { caller: user },
    );
  }

  page(after?: string): Promise<RevocationsPage> {
    return this.services.request(Subjects.campaign.sessions.revocations, after ? { after } : {});
  }
}
