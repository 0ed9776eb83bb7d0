import { Body, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  CreateSchtickBody,
  CreateSchticksBody,
  RecordBatchBody,
  SchtickCategoriesView,
  SchtickLabelsQuery,
  SchtickPathsView,
  SchticksBatchView,
  SchticksCreatedView,
  SchticksIndexQuery,
  SchticksIndexView,
  SchtickView,
  Subjects,
  UpdateSchtickBody,
} from '@shotcaller/contracts';
import type { ServiceAnswer } from '@shotcaller/messaging';
import { ApiErrors } from '../shared/api-errors.js';
import { recordBatchRequest, sendServiceAnswer } from '../shared/record-batch-body.js';
import { RecordRoutes } from '../shared/record-controller.js';
import { RecordsController } from '../shared/record-routes.js';
import { writableFields } from '../shared/writable-fields.js';

const { schticks } = Subjects.campaign;

const SCHTICK_FIELDS = [
  'name',
  'description',
  'category',
  'path',
  'color',
  'bonus',
  'prerequisite_id',
  'archetypes',
  'active',
] as const;

/** The schticks of your current campaign: its players read them, its gamemaster changes them. */
@RecordsController('schticks')
export class SchticksController extends RecordRoutes({
  key: 'schtick',
  imageOwner: 'Schtick',
  subjects: schticks,
  fields: SCHTICK_FIELDS,
  view: SchtickView,
  list: {
    query: SchticksIndexQuery,
    view: SchticksIndexView,
    summary:
      'Schticks of your current campaign, paged (Rails index parameters, category, path, character_id), with the categories and paths of the matching ones',
  },
  create: { body: CreateSchtickBody, summary: 'Create a schtick in your current campaign (its gamemaster)' },
  get: { summary: 'One schtick of your current campaign, with its prerequisite' },
  update: {
    body: UpdateSchtickBody,
    summary: 'Change a schtick (the gamemaster); its prerequisite must share its category and path',
  },
  delete: {
    summary:
      'Delete a schtick (the gamemaster); 422 associations_exist while characters have it or schticks require it, unless force=true takes it from them',
  },
}) {
  // Registered before the inherited `:id`.
  @Get('categories')
  @ApiOperation({
    summary: 'The categories of your current campaign’s schticks, matching search: all, general and Core',
  })
  @ApiOkResponse({ type: SchtickCategoriesView })
  @ApiErrors(404, 422)
  categories(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: SchtickLabelsQuery,
  ): Promise<ServiceAnswer<SchtickCategoriesView>> {
    return this.services.relay(schticks.categories, query, { caller });
  }

  @Get('paths')
  @ApiOperation({
    summary: 'The paths of your current campaign’s schticks, matching search, of one category',
  })
  @ApiOkResponse({ type: SchtickPathsView })
  @ApiErrors(404, 422)
  paths(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: SchtickLabelsQuery,
  ): Promise<ServiceAnswer<SchtickPathsView>> {
    return this.services.relay(schticks.paths, query, { caller });
  }

  @Post('batch')
  @ApiOperation({
    summary: `Schticks by id, or created together`,
    description:
      '`{ids, page, per_page}`: schticks of your current campaign by id (ids as a list or a comma list), a page of ' +
      '200 by default (200). `{schticks: [...]}` (1 to 100): creates them all in one go, or none (the ' +
      'gamemaster; 201, in the order sent; errors keyed by position, `schticks.2.name`). Not both.',
  })
  @ApiExtraModels(RecordBatchBody, CreateSchticksBody)
  @ApiBody({
    schema: {
      oneOf: [{ $ref: getSchemaPath(RecordBatchBody) }, { $ref: getSchemaPath(CreateSchticksBody) }],
    },
  })
  @ApiExtraModels(SchticksBatchView, SchticksCreatedView)
  // One success documented (the docs' rule): the read's 200; a create answers the same way with 201.
  @ApiOkResponse({
    description: '200 SchticksBatchView for `ids`; 201 SchticksCreatedView for `schticks`',
    schema: {
      oneOf: [{ $ref: getSchemaPath(SchticksBatchView) }, { $ref: getSchemaPath(SchticksCreatedView) }],
    },
  })
  @ApiErrors(400, 403, 404, 415, 422)
  async batch(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: object,
    @Res() res: Response,
  ): Promise<void> {
    const asked = await recordBatchRequest(body, 'schticks', CreateSchticksBody);
    if ('read' in asked) {
      sendServiceAnswer(res, 200, await this.services.relay(schticks.batch, asked.read, { caller }));
      return;
    }
    const schticksCreated = asked.create.schticks.map((record) => writableFields(record, SCHTICK_FIELDS));
    sendServiceAnswer(
      res,
      201,
      await this.services.relay(schticks.create_batch, { schticks: schticksCreated }, { caller }),
    );
  }
}
