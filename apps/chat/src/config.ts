import {
  IsUrlWithScheme,
  loadEnv,
  resolveFileVariables,
  VerifyingServiceEnv,
} from '@shotcaller/observability';

export class ChatEnv extends VerifyingServiceEnv {
  override PORT = 3012;
  override OPS_PORT = 9012;

  @IsUrlWithScheme(['postgres', 'postgresql'])
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/shotcaller_chat';
}

export function loadChatConfig(env: Record<string, string | undefined> = process.env): ChatEnv {
  return loadEnv(ChatEnv, resolveFileVariables(env, ['JWT_PUBLIC_KEY', 'NATS_NKEY_SEED']));
}
