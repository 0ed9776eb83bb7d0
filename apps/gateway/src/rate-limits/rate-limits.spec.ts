import type { ExecutionContext } from '@nestjs/common';
import { ErrorCode, ServiceError } from '@shotcaller/contracts';
import { LimitBudget, type BudgetStore, type LimitSpec, type Reservation } from './limit-budget.js';
import { RateLimited, RateLimitGuard, rateLimitRules, MINUTE_MS, UserRateLimitGuard } from './rate-limits.js';

/** Grants whatever is asked up to the limit, recording the keys it counts. */
class CountingStore implements BudgetStore {
  readonly keys: string[] = [];
  private readonly counted = new Map<string, number>();

  async reserve(spec: LimitSpec, key: string, amount: number): Promise<Reservation> {
    this.keys.push(`${spec.name}:${key}`);
    const counted = this.counted.get(`${spec.name}:${key}`) ?? 0;
    const granted = Math.max(0, Math.min(amount, spec.limit - counted));
    this.counted.set(`${spec.name}:${key}`, counted + granted);
    return { granted, unreserved: spec.limit - counted - granted, windowLeftMs: 42_500 };
  }
}

class Routes {
  campaigns(): void {}
  health(): void {}
  @RateLimited('register')
  register(): void {}
  @RateLimited('sign-in')
  signIn(): void {}
  @RateLimited('invite')
  invite(): void {}
}
const routes = new Routes();

let store: CountingStore;
let guard: RateLimitGuard;

beforeEach(() => {
  store = new CountingStore();
  const rules = rateLimitRules({
    RATE_LIMIT_API_PER_MINUTE: 5,
    RATE_LIMIT_REGISTER_PER_MINUTE: 2,
    RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: 4,
    RATE_LIMIT_SIGN_IN_PER_ACCOUNT_PER_MINUTE: 3,
  });
  const frozenClock = () => 0;
  guard = new RateLimitGuard(
    rules.map((rule) => ({
      rule,
      budget: new LimitBudget(
        { name: rule.name, limit: rule.limit, windowMs: MINUTE_MS },
        store,
        frozenClock,
      ),
    })),
  );
});

function request(handler: () => void, path: string, ip: string, body?: unknown): ExecutionContext {
  const req = { ip, path, route: { path }, body };
  return {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
}

/** The guard's answer: true, or the error it refused with. */
async function outcome(context: ExecutionContext): Promise<true | ServiceError> {
  try {
    return (await guard.canActivate(context)) as true;
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
}

const signUp = (ip: string, email: string) =>
  request(routes.register, '/api/v2/users/register', ip, { user: { email } });

describe('RateLimitGuard', () => {
  it('refuses the request over the api limit with 429 and the seconds until the window ends', async () => {
    const answers = [];
    for (let index = 0; index < 6; index += 1)
      answers.push(await outcome(request(routes.campaigns, '/api/v2/campaigns', '10.0.0.1')));
    expect(answers.slice(0, 5)).toEqual([true, true, true, true, true]);
    const refused = answers[5] as ServiceError;
    expect(refused).toBeInstanceOf(ServiceError);
    expect(refused.code).toBe(ErrorCode.RateLimited);
    expect(refused.status).toBe(429);
    expect(refused.details).toEqual({ retry_after: 43 });
    expect(await outcome(request(routes.campaigns, '/api/v2/campaigns', '10.0.0.2'))).toBe(true);
  });

  it('does not count health checks', async () => {
    for (let index = 0; index < 20; index += 1) {
      expect(await outcome(request(routes.health, '/health/live', '10.0.0.1'))).toBe(true);
    }
    expect(store.keys).toEqual([]);
  });

  it('counts a registration per address and per email, keyed by a hash of the email', async () => {
    expect(await outcome(signUp('10.0.0.1', 'Someone@Example.com'))).toBe(true);
    expect(await outcome(signUp('10.0.0.2', 'someone@example.com '))).toBe(true);
    const sameEmail = await outcome(signUp('10.0.0.3', 'someone@example.com'));
    expect(sameEmail).toMatchObject({ code: ErrorCode.RateLimited });

    expect(await outcome(signUp('10.0.0.4', 'other-1@example.com'))).toBe(true);
    expect(await outcome(signUp('10.0.0.4', 'other-2@example.com'))).toBe(true);
    expect(await outcome(signUp('10.0.0.4', 'other-3@example.com'))).toMatchObject({
      code: ErrorCode.RateLimited,
    });
    expect(store.keys.filter((key) => key.startsWith('register-email:account:'))).not.toHaveLength(0);
    expect(store.keys.join()).not.toMatch(/example\.com/);
  });

  it('counts sign-ins per account, and by address when the body holds no plausible email', async () => {
    const signIn = (ip: string, email: unknown) =>
      outcome(request(routes.signIn, '/users/sign_in', ip, { user: { email } }));
    for (let index = 0; index < 3; index += 1)
      expect(await signIn(`10.1.0.${index}`, 'a@example.com')).toBe(true);
    expect(await signIn('10.1.0.9', 'a@example.com')).toMatchObject({ code: ErrorCode.RateLimited });

    expect(await signIn('10.2.0.1', 'not an email')).toBe(true);
    expect(store.keys).toContain('sign-in-account:ip:10.2.0.1');
  });

  it('does not count a refused request against the limits after the one that refused it', async () => {
    for (let index = 0; index < 2; index += 1)
      await outcome(signUp('10.3.0.1', `limit-${index}@example.com`));
    store.keys.length = 0;
    expect(await outcome(signUp('10.3.0.1', 'fresh@example.com'))).toMatchObject({
      code: ErrorCode.RateLimited,
    });
    expect(store.keys.some((key) => key.startsWith('register-email:'))).toBe(false);
  });
});

describe('UserRateLimitGuard', () => {
  let userGuard: UserRateLimitGuard;

  beforeEach(() => {
    const rules = rateLimitRules({
      RATE_LIMIT_API_PER_MINUTE: 1000,
      RATE_LIMIT_REGISTER_PER_MINUTE: 2,
      RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: 4,
      RATE_LIMIT_SIGN_IN_PER_ACCOUNT_PER_MINUTE: 3,
    });
    const limits = rules.map((rule) => ({
      rule,
      budget: new LimitBudget({ name: rule.name, limit: rule.limit, windowMs: MINUTE_MS }, store, () => 0),
    }));
    guard = new RateLimitGuard(limits);
    userGuard = new UserRateLimitGuard(limits);
  });

  /** A request to an invite route, after the token check named its user. */
  function inviteBy(userId: string, ip: string): ExecutionContext {
    const req = {
      ip,
      path: '/api/v2/invitations',
      route: { path: '/api/v2/invitations' },
      user: { actor: { id: userId } },
    };
    return {
      getType: () => 'http',
      getHandler: () => routes.invite,
      getClass: () => Routes,
      switchToHttp: () => ({ getRequest: () => req }),
    } as unknown as ExecutionContext;
  }

  async function userOutcome(context: ExecutionContext): Promise<true | ServiceError> {
    try {
      return (await userGuard.canActivate(context)) as true;
    } catch (error) {
      if (error instanceof ServiceError) return error;
      throw error;
    }
  }

  it('allows 5 invitations a minute per user by default, whatever address they come from', async () => {
    const answers = [];
    for (let index = 0; index < 6; index += 1)
      answers.push(await userOutcome(inviteBy('user-a', `10.9.0.${index}`)));
    expect(answers.slice(0, 5)).toEqual([true, true, true, true, true]);
    expect(answers[5]).toMatchObject({ code: ErrorCode.RateLimited, details: { retry_after: 43 } });
    expect(await userOutcome(inviteBy('user-b', '10.9.0.1'))).toBe(true);
    expect(store.keys).toContain('invite-user:user:user-a');
  });

  it('is counted by this guard only, after the token check: the first guard leaves it alone', async () => {
    for (let index = 0; index < 10; index += 1) {
      expect(await outcome(inviteBy('user-c', '10.9.1.1'))).toBe(true);
    }
    expect(store.keys.some((key) => key.startsWith('invite-user:'))).toBe(false);
  });

  it('counts nothing on routes of other actions', async () => {
    expect(await userOutcome(request(routes.campaigns, '/api/v2/campaigns', '10.9.2.1'))).toBe(true);
    expect(store.keys).toEqual([]);
  });
});
