import { SeedCampaignPayload, Subjects, type CampaignSeededView } from '@shotcaller/contracts';
import { RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { CampaignSeeder } from './campaign-seeder.service.js';

@RpcHandlers()
export class SeedingHandlers {
  constructor(private readonly seeder: CampaignSeeder) {}

  /** Sent by the jobs service's `seeding` queue (no user token; NATS permissions say who may send it). */
  @RpcHandler(Subjects.campaign.campaigns.seed)
  seed({ campaign_id }: SeedCampaignPayload): Promise<CampaignSeededView> {
    return this.seeder.seed(campaign_id);
  }
}
