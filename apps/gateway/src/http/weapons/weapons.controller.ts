import { Body, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  CreateWeaponBody,
  CreateWeaponsBody,
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
} from '@shotcaller/contracts';
import type { ServiceAnswer } from '@shotcaller/messaging';
import { ApiErrors } from '../shared/api-errors.js';
import { recordBatchRequest, sendServiceAnswer } from '../shared/record-batch-body.js';
import { RecordRoutes } from '../shared/record-controller.js';
import { RecordsController } from '../shared/record-routes.js';
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

/** The weapons of your current campaign: its players read them, its gamemaster changes them. */
@RecordsController('weapons')
export class WeaponsController extends RecordRoutes({
  key: 'weapon',
  imageOwner: 'Weapon',
  subjects: weapons,
  fields: WEAPON_FIELDS,
  view: WeaponView,
  list: {
    query: WeaponsIndexQuery,
    view: WeaponsIndexView,
    summary:
      'Weapons of your current campaign, paged (Rails index parameters, category, juncture, character_id), with the categories and junctures of the matching ones',
  },
  create: { body: CreateWeaponBody, summary: 'Create a weapon in your current campaign (its gamemaster)' },
  get: { summary: 'One weapon of your current campaign' },
  update: { body: UpdateWeaponBody, summary: 'Change a weapon (the gamemaster)' },
  delete: {
    summary:
      'Delete a weapon (the gamemaster); 422 associations_exist while characters carry it, unless force=true takes it from them',
  },
}) {
  // Registered before the inherited `:id`.
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
    const weaponsCreated = asked.create.weapons.map((record) => writableFields(record, WEAPON_FIELDS));
    sendServiceAnswer(
      res,
      201,
      await this.services.relay(weapons.create_batch, { weapons: weaponsCreated }, { caller }),
    );
  }
}
