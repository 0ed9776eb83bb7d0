import { applyDecorators, SetMetadata, ValidationPipe, type PipeTransform } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  assertAcceptableInput,
  ErrorCode,
  rpcContract,
  ServiceError,
  toFieldErrors,
  type RpcContract,
  type RpcRequest,
  type RpcResponse,
  type RpcSubject,
} from '@shotcaller/contracts';
import type { JsonText } from './wire.js';

export const RPC_CONTRACT = 'shotcaller:rpc-contract';

/** Marks the handlers a server binds: one without a contract is refused at boot. */
export interface RpcHandlerExtras {
  contract: RpcContract;
}

const validation = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => ServiceError.invalidPayload(toFieldErrors(errors)),
});

/**
 * Checks a NATS payload against its contract's class, whatever type the handler declares: bounded structure and
 * storable text first, then the class's rules with unknown fields refused. A payload that breaks its contract is
 * answered with `invalid_payload`.
 */
class ContractPayloadPipe implements PipeTransform {
  constructor(private readonly contract: RpcContract) {}

  transform(value: unknown): unknown {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw ServiceError.invalidPayload({ base: ['must be an object'] });
    }
    assertAcceptableInput(value, ErrorCode.InvalidPayload);
    return validation.transform(value, { type: 'body', metatype: this.contract.request });
  }
}

/** What a handler answers: its contract's type, or that answer as JSON text already written. */
type Answer<TResponse> = TResponse | JsonText<TResponse>;

type Handler<TRequest, TResponse> = (
  payload: TRequest,
  ...rest: never[]
) => Answer<TResponse> | Promise<Answer<TResponse>>;

type HandlerDecorator<TRequest, TResponse> = <T extends Handler<TRequest, TResponse>>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<T>,
) => void;

/**
 * Declares the handler of a request subject. The payload (the first parameter) is validated against the
 * subject's contract; the handler's payload and answer types must match the contract, or the type check fails.
 * Whether a verified actor is required comes from the contract too (see RpcAccessGuard).
 */
export function RpcHandler<S extends RpcSubject>(subject: S): HandlerDecorator<RpcRequest<S>, RpcResponse<S>>;
/** A handler with a contract of its own, for subjects outside the shared map (transport tests). */
export function RpcHandler<TRequest extends object, TResponse>(
  subject: string,
  contract: RpcContract<TRequest, TResponse>,
): HandlerDecorator<TRequest, TResponse>;
export function RpcHandler(subject: string, ownContract?: RpcContract): HandlerDecorator<never, unknown> {
  const contract = ownContract ?? rpcContract(subject);
  if (!contract) throw new Error(`No contract for the NATS subject ${subject}`);
  const extras: RpcHandlerExtras = { contract };
  return (target, key, descriptor) => {
    Payload(new ContractPayloadPipe(contract))(target, key, 0);
    applyDecorators(MessagePattern(subject, extras), SetMetadata(RPC_CONTRACT, contract))(
      target,
      key,
      descriptor,
    );
  };
}
