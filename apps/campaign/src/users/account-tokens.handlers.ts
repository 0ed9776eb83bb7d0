import {
  AccountEmailDto,
  ConfirmEmailQuery,
  ResetPasswordDto,
  Subjects,
  type AccountMessage,
  type EmailConfirmed,
} from '@shotcaller/contracts';
import { RpcHandler, RpcHandlers } from '@shotcaller/messaging';
import { AccountTokensService } from './account-tokens.service.js';

const { users } = Subjects.campaign;

@RpcHandlers()
export class AccountTokensHandlers {
  constructor(private readonly accounts: AccountTokensService) {}

  @RpcHandler(users.confirmEmail)
  confirmEmail(query: ConfirmEmailQuery): Promise<EmailConfirmed> {
    return this.accounts.confirmEmail(query);
  }

  @RpcHandler(users.resendConfirmation)
  resendConfirmation(request: AccountEmailDto): Promise<AccountMessage> {
    return this.accounts.resendConfirmation(request);
  }

  @RpcHandler(users.requestPasswordReset)
  requestPasswordReset(request: AccountEmailDto): Promise<AccountMessage> {
    return this.accounts.requestPasswordReset(request);
  }

  @RpcHandler(users.resetPassword)
  resetPassword(request: ResetPasswordDto): Promise<AccountMessage> {
    return this.accounts.resetPassword(request);
  }
}
