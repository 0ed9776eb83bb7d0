import { Body, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  CreateWeaponBody,
  CreateWeaponsBody,
  DeleteRecordQuery,
  RecordBatchBody,
  Subjects,
  UpdateWeaponBody,
  WeaponCategoriesView,
  WeaponJuncturesView,
  WeaponLabelsQuery,
  WeaponsBatchView,
  WeaponsCreatedView,
  WeaponsIndexQuery,
  WeaponsIndexView,
  WeaponView,
  type CreateWeaponInput,
  type UpdateWeaponInput,
  type WeaponChangesDto,
  type WeaponFieldsDto,
} from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import { ApiErrors } from '../shared/api-errors.js';
import { recordBatchRequest, sendServiceAnswer } from '../shared/record-batch-body.js';
import {
  CreateRecordRoute,
  DeleteRecordRoute,
  deletePayload,
  GetRecordRoute,
  ListRecordsRoute,
  RecordsController,
  UpdateRecordRoute,
} from '../shared/record-routes.js';
import { RecordId } from '../shared/uuid-param.js';
import { writableFields } from '../shared/writable-fields.js';

const { weapons } = Subjects.campaign;

const WEAPON_FIELDS = [
  'name',
  'description',
  'damage',
  'concealment',
  'reload_value',
  'mook_bonus',
  'juncture',
  'category',
  'kachunk',
  'active',
] as const;

/** The writable fields of a weapon body: the client sends the whole record back; the rest is dropped here. */
function writableWeaponFields(input: CreateWeaponInput | UpdateWeaponInput): WeaponChangesDto {
  return writableFields(input, WEAPON_FIELDS);
}

/** The fields of a weapon created: the required ones, and the rest as sent. */
function createdWeaponFields(input: CreateWeaponInput): WeaponFieldsDto {
  return { name: input.name, damage: input.damage, ...writableWeaponFields(input) };
}

/** The weapons of your current campaign: its players read them, its gamemaster changes them. */
@RecordsController('weapons')
export class WeaponsController {
  constructor(private readonly services: ServiceClient) {}

  @ListRecordsRoute(
    WeaponsIndexView,
    'Weapons of your current campaign, paged (Rails index parameters, category, juncture, character_id), with the categories and junctures of the matching ones',
  )
  list(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: WeaponsIndexQuery,
  ): Promise<ServiceAnswer<WeaponsIndexView>> {
    return this.services.relay(weapons.list, query, { caller });
  }

  @Get('categories')
  @ApiOperation({ summary: 'The categories of your current campaign’s weapons, matching search' })
  @ApiOkResponse({ type: WeaponCategoriesView })
  @ApiErrors(404, 422)
  categories(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: WeaponLabelsQuery,
  ): Promise<ServiceAnswer<WeaponCategoriesView>> {
    return this.services.relay(weapons.categories, query, { caller });
  }

  @Get('junctures')
  @ApiOperation({ summary: 'The junctures (by name) of your current campaign’s weapons, matching search' })
  @ApiOkResponse({ type: WeaponJuncturesView })
  @ApiErrors(404, 422)
  junctures(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: WeaponLabelsQuery,
  ): Promise<ServiceAnswer<WeaponJuncturesView>> {
    return this.services.relay(weapons.junctures, query, { caller });
  }

  @Post('batch')
  @ApiOperation({
    summary: `Weapons by id, or created together`,
    description:
      '`{ids, page, per_page}`: weapons of your current campaign by id (ids as a list or a comma list), a page of ' +
      '200 by default (200). `{weapons: [...]}` (1 to 100): creates them all in one go, or none (the ' +
      'gamemaster; 201, in the order sent; errors keyed by position, `weapons.2.name`). Not both.',
  })
  @ApiExtraModels(RecordBatchBody, CreateWeaponsBody)
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(RecordBatchBody) }, { $ref: getSchemaPath(CreateWeaponsBody) }] },
  })
  @ApiExtraModels(WeaponsBatchView, WeaponsCreatedView)
  // One success documented (the docs' rule): the read's 200; a create answers the same way with 201.
  @ApiOkResponse({
    description: '200 WeaponsBatchView for `ids`; 201 WeaponsCreatedView for `weapons`',
    schema: {
      oneOf: [{ $ref: getSchemaPath(WeaponsBatchView) }, { $ref: getSchemaPath(WeaponsCreatedView) }],
    },
  })
  @ApiErrors(400, 403, 404, 415, 422)
  async batch(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: object,
    @Res() res: Response,
  ): Promise<void> {
    const asked = await recordBatchRequest(body, 'weapons', CreateWeaponsBody);
    if ('read' in asked) {
      sendServiceAnswer(res, 200, await this.services.relay(weapons.batch, asked.read, { caller }));
      return;
    }
    const weaponsCreated = asked.create.weapons.map(createdWeaponFields);
    sendServiceAnswer(
      res,
      201,
      await this.services.relay(weapons.create_batch, { weapons: weaponsCreated }, { caller }),
    );
  }

  @CreateRecordRoute('weapon', WeaponView, 'Create a weapon in your current campaign (its gamemaster)')
  create(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: CreateWeaponBody,
  ): Promise<ServiceAnswer<WeaponView>> {
    return this.services.relay(weapons.create, { weapon: createdWeaponFields(body.weapon) }, { caller });
  }

  @GetRecordRoute(WeaponView, 'One weapon of your current campaign')
  get(@CurrentUser() caller: AuthenticatedUser, @RecordId() id: string): Promise<ServiceAnswer<WeaponView>> {
    return this.services.relay(weapons.get, { id }, { caller });
  }

  @UpdateRecordRoute('weapon', WeaponView, 'Change a weapon (the gamemaster)')
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Body() body: UpdateWeaponBody,
  ): Promise<ServiceAnswer<WeaponView>> {
    return this.services.relay(weapons.update, { id, weapon: writableWeaponFields(body.weapon) }, { caller });
  }

  @DeleteRecordRoute(
    'Delete a weapon (the gamemaster); 422 associations_exist while characters carry it, unless force=true takes it from them',
  )
  async delete(
    @CurrentUser() caller: AuthenticatedUser,
    @RecordId() id: string,
    @Query() query: DeleteRecordQuery,
  ): Promise<void> {
    await this.services.request(weapons.delete, deletePayload(id, query), { caller });
  }
}
