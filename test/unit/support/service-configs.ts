import { CampaignEnv } from '../../../apps/campaign/src/config.js';
import { ChatEnv } from '../../../apps/chat/src/config.js';
import { GatewayEnv } from '../../../apps/gateway/src/config.js';
import { JobsEnv } from '../../../apps/jobs/src/config.js';
import { MediaEnv } from '../../../apps/media/src/config.js';
import { LocationEnv } from '../../../apps/realtime-location/src/config.js';

/** Each service's configuration schema: what checks of the docs and manifests compare against. */
export const SERVICE_CONFIGS = {
  gateway: GatewayEnv,
  campaign: CampaignEnv,
  chat: ChatEnv,
  'realtime-location': LocationEnv,
  media: MediaEnv,
  jobs: JobsEnv,
};
