import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AccessTokenVerifier } from '@shotcaller/auth';
import { ErrorCode, QUEUE_DASHBOARD_PATH } from '@shotcaller/contracts';
import { JobQueueSet } from '../queues/job-queue-set.js';
import { dashboardRequestAllowed } from './dashboard-actions.rules.js';

function refuse(response: Response, status: 401 | 403, code: string, message: string): void {
  response.status(status).json({ error: message, code });
}

/**
 * Lets through only a request with an administrator's access token (`Authorization: Bearer`), verified here: the
 * gateway in front checks sign-outs and the account before it passes a request on, and this service does not
 * take its word for who is asking.
 */
export function adminsOnly(verifier: AccessTokenVerifier) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) {
      refuse(response, 401, ErrorCode.Unauthenticated, 'Authentication required');
      return;
    }
    verifier.verify(token).then(
      (claims) => {
        if (claims.user.admin) next();
        else refuse(response, 403, ErrorCode.Forbidden, 'The queue dashboard is for administrators');
      },
      () => refuse(response, 401, ErrorCode.Unauthenticated, 'Authentication required'),
    );
  };
}

/** Refuses the dashboard's writes that are not retry, remove, promote, pause or resume (see the rules). */
function onlyAllowedActions(request: Request, response: Response, next: NextFunction): void {
  if (dashboardRequestAllowed(request.method, request.path)) next();
  else refuse(response, 403, ErrorCode.Forbidden, 'The queue dashboard cannot do this; use jobs.enqueue');
}

/** Bull Board over every queue, at QUEUE_DASHBOARD_PATH, for administrators: queues, jobs, retry and remove. */
export function mountQueueDashboard(app: NestExpressApplication): void {
  const board = new ExpressAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: app
      .get(JobQueueSet)
      .all()
      .map((queue) => new BullMQAdapter(queue)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Shotcaller jobs' } },
  });
  app.use(
    QUEUE_DASHBOARD_PATH,
    adminsOnly(app.get(AccessTokenVerifier)),
    onlyAllowedActions,
    board.getRouter(),
  );
}
