import { SetMetadata } from '@nestjs/common';

/** Metadata key of routes anyone may call without a token. */
export const PUBLIC_ROUTE = 'shotcaller:public-route';

/** A route anyone may call without a token (sign-in, registration, health, metrics). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
