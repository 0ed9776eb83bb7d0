import { plainToInstance } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, IsUUID, MaxLength, validateSync } from 'class-validator';

/** NATS request headers every caller sets and every handler may read. */
export const NatsHeader = {
  RequestId: 'x-request-id',
  Actor: 'x-actor',
} as const;

export const ActorKind = { User: 'user', Participant: 'participant', Service: 'service' } as const;
export type ActorKind = (typeof ActorKind)[keyof typeof ActorKind];

export const UserRole = { Admin: 'admin', Gamemaster: 'gamemaster' } as const;
export type UserRole = (typeof UserRole)[keyof typeof UserRole];

/**
 * Who is asking: verified by the gateway from a token and carried in the `x-actor` header. Roles come from
 * the token and may be stale; a service that grants power on a role re-reads it from its own data.
 */
export interface Actor {
  id: string;
  kind: ActorKind;
  roles: string[];
}

class ActorHeader implements Actor {
  @IsUUID()
  id: string;

  @IsIn(Object.values(ActorKind))
  kind: ActorKind;

  @IsArray()
  @ArrayMaxSize(16)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  roles: string[];
}

export function encodeActor(actor: Actor): string {
  return JSON.stringify({ id: actor.id, kind: actor.kind, roles: actor.roles });
}

/** The actor in a header value, or undefined when the value is absent, not JSON or not an actor. */
export function decodeActor(raw: string | undefined): Actor | undefined {
  if (!raw) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const header = plainToInstance(ActorHeader, parsed);
  if (validateSync(header, { whitelist: true, forbidNonWhitelisted: true }).length > 0) return undefined;
  return { id: header.id, kind: header.kind, roles: [...header.roles] };
}
