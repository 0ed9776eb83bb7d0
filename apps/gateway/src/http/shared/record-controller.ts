import { Body, Inject, Query, type Type } from '@nestjs/common';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  DeleteRecordQuery,
  Subjects,
  type ImageEntityType,
  type ImageView,
  type RpcRequest,
  type RpcResponse,
  type RpcSubject,
} from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import { UploadedImage } from '../media/image-upload.js';
import {
  CreateRecordRoute,
  DeleteRecordImageRoute,
  DeleteRecordRoute,
  deletePayload,
  GetRecordRoute,
  ListRecordsRoute,
  UpdateRecordRoute,
} from './record-routes.js';
import { RecordId } from './uuid-param.js';
import { writableFields } from './writable-fields.js';

/*
 * The five routes every campaign record has (list, create, get, update, delete), relayed to its NATS
 * subjects, written once: a controller extends `RecordRoutes({...})` and states only what is its own.
 */

/** The NATS subjects of a campaign's records (`Subjects.campaign.<plural>`). */
interface RecordSubjects {
  list: RpcSubject;
  get: RpcSubject;
  create: RpcSubject;
  update: RpcSubject;
  delete: RpcSubject;
}

export interface RecordRoutesConfig<
  S extends RecordSubjects,
  K extends string,
  TCreate extends object,
  TUpdate extends object,
> {
  /** The record's key in a body (`{juncture: {...}}`), which is also the multipart field it comes in. */
  key: K;
  /** The record's class as images (and image positions) name it: `Juncture`. */
  imageOwner: ImageEntityType;
  subjects: S;
  /** The writable fields: the client sends the whole record back, the rest of it is dropped here. */
  fields: readonly (keyof TCreate & keyof TUpdate)[];
  /** What create, get and update answer. */
  view: Type<RpcResponse<S['get']>>;
  list: { query: Type<RpcRequest<S['list']>>; view: Type<RpcResponse<S['list']>>; summary: string };
  create: { body: Type<Record<K, TCreate>>; summary: string };
  get: { summary: string };
  update: { body: Type<Record<K, TUpdate>>; summary: string };
  /** `force: false`: the `force` query is accepted but not passed on (nothing to force for this record). */
  delete: { summary: string; force?: false };
}

/** The instance side of a `RecordRoutes` class: the NATS client, for the routes a controller adds. */
export interface RecordRoutesController {
  readonly services: ServiceClient;
}

/**
 * The parameter's compiled type (`design:paramtypes`) set to `dto`: a route written for every resource has a
 * generic parameter, compiled as `Object`, while the validation pipe validates against this type and the
 * OpenAPI document describes it. Parameter decorators run after the compiler's own metadata is set.
 */
function declaredAs(decorator: ParameterDecorator, dto: Type): ParameterDecorator {
  return (target, method, index) => {
    decorator(target, method, index);
    if (method === undefined) return;
    const types = [...((Reflect.getMetadata('design:paramtypes', target, method) as unknown[]) ?? [])];
    types[index] = dto;
    Reflect.defineMetadata('design:paramtypes', types, target, method);
  };
}

/** A relay to any record subject: the config's types tie each subject to its payload and answer. */
function relay(
  services: ServiceClient,
  subject: RpcSubject,
  payload: object,
  caller: AuthenticatedUser,
): Promise<ServiceAnswer<unknown>> {
  return services.relay<RpcSubject>(subject, payload, { caller });
}

/**
 * A base class of a campaign record's controller: `GET /`, `POST /`, `GET /:id`, `PATCH /:id`, `DELETE /:id`
 * and `DELETE /:id/image` under the subclass's `@RecordsController(plural)`, relayed to `subjects`. Creates and
 * updates take JSON or multipart (`key` field, and an `image` file) and pass on the writable `fields` sent; a
 * create's `Idempotency-Key` travels with its request (ServiceClient reads it from the request context). Nest
 * registers a subclass's own routes first, so a fixed path of its own (`names`) wins over the inherited `:id`.
 *
 * An image arrives stored (see MultipartRecord) before the record is written: the record is written as without
 * one, then given the image (`campaign.images.set`), and the answer is the record as it then is. When that
 * second step fails the record stays written without the image, and the unattached image is cleaned up later.
 */
export function RecordRoutes<
  S extends RecordSubjects,
  K extends string,
  TCreate extends object,
  TUpdate extends object,
>(config: RecordRoutesConfig<S, K, TCreate, TUpdate>): Type<RecordRoutesController> {
  const { key, subjects, view, imageOwner } = config;
  const fields = config.fields as readonly string[];
  const recordOf = (body: object): Record<string, unknown> =>
    writableFields((body as Record<K, Record<string, unknown>>)[key], fields);

  class RecordRoutesBase implements RecordRoutesController {
    constructor(@Inject(ServiceClient) readonly services: ServiceClient) {}

    @ListRecordsRoute(config.list.view, config.list.summary)
    list(
      @CurrentUser() caller: AuthenticatedUser,
      @declaredAs(Query(), config.list.query) query: object,
    ): Promise<ServiceAnswer<unknown>> {
      return relay(this.services, subjects.list, query, caller);
    }

    @CreateRecordRoute(key, view, config.create.summary)
    async create(
      @CurrentUser() caller: AuthenticatedUser,
      @declaredAs(Body(), config.create.body) body: object,
      @UploadedImage() image: ImageView | undefined,
    ): Promise<ServiceAnswer<unknown>> {
      const payload = { [key]: recordOf(body) };
      if (!image) return relay(this.services, subjects.create, payload, caller);
      const created = await this.services.request<RpcSubject>(subjects.create, payload, { caller });
      return this.withImage((created as { id: string }).id, image.id, caller);
    }

    @GetRecordRoute(view, config.get.summary)
    get(@CurrentUser() caller: AuthenticatedUser, @RecordId() id: string): Promise<ServiceAnswer<unknown>> {
      return relay(this.services, subjects.get, { id }, caller);
    }

    @UpdateRecordRoute(key, view, config.update.summary)
    async update(
      @CurrentUser() caller: AuthenticatedUser,
      @RecordId() id: string,
      @declaredAs(Body(), config.update.body) body: object,
      @UploadedImage() image: ImageView | undefined,
    ): Promise<ServiceAnswer<unknown>> {
      const payload = { id, [key]: recordOf(body) };
      if (!image) return relay(this.services, subjects.update, payload, caller);
      await this.services.request<RpcSubject>(subjects.update, payload, { caller });
      return this.withImage(id, image.id, caller);
    }

    @DeleteRecordImageRoute(view, `${config.get.summary}, without its image`)
    removeImage(
      @CurrentUser() caller: AuthenticatedUser,
      @RecordId() id: string,
    ): Promise<ServiceAnswer<unknown>> {
      return this.withImage(id, null, caller);
    }

    /** Gives the record an image (or none) and answers the record as it then is. */
    private async withImage(
      id: string,
      imageId: string | null,
      caller: AuthenticatedUser,
    ): Promise<ServiceAnswer<unknown>> {
      const change = { entity_type: imageOwner, entity_id: id, image_id: imageId };
      await this.services.request(Subjects.campaign.images.set, change, { caller });
      return relay(this.services, subjects.get, { id }, caller);
    }

    @DeleteRecordRoute(config.delete.summary)
    async delete(
      @CurrentUser() caller: AuthenticatedUser,
      @RecordId() id: string,
      @Query() query: DeleteRecordQuery,
    ): Promise<void> {
      const payload = config.delete.force === false ? { id } : deletePayload(id, query);
      await this.services.request<RpcSubject>(subjects.delete, payload, { caller });
    }
  }
  return RecordRoutesBase;
}
