import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, type PipeTransform } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@shotcaller/auth';
import {
  ImagePositionBody,
  ImagePositionView,
  Messages,
  POSITIONABLE_TYPES,
  ServiceError,
  Subjects,
  type ImagePositionFields,
  type PositionableType,
} from '@shotcaller/contracts';
import { ServiceClient, type ServiceAnswer } from '@shotcaller/messaging';
import { ApiErrors, ApiSignedIn } from '../shared/api-errors.js';
import { RecordId } from '../shared/uuid-param.js';

const { imagePositions } = Subjects.campaign;

/** The record type of the path: one of a fixed list of classes (the Rails app turned any segment into one). */
const positionableType: PipeTransform<string, PositionableType> = {
  transform(value) {
    if (!(POSITIONABLE_TYPES as readonly string[]).includes(value)) {
      throw ServiceError.validation({
        positionable_type: [`must be one of: ${POSITIONABLE_TYPES.join(', ')}`],
      });
    }
    return value as PositionableType;
  },
};

/** The position fields a service takes: the record comes from the path or the body, the rest is dropped here. */
function positionFields(position: ImagePositionFields): ImagePositionFields {
  const { context, x_position, y_position, style_overrides } = position;
  return { context, x_position, y_position, ...(style_overrides !== undefined ? { style_overrides } : {}) };
}

/**
 * Where the image of a record of your current campaign is framed, per context (desktop_index, mobile_entity...):
 * its members read the positions; who may change the record (the gamemaster; a player for the characters and
 * vehicles they own) sets them.
 */
@ApiTags('image_positions')
@ApiSignedIn()
@Controller('api/v2/image_positions')
export class ImagePositionsController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Set the position of a record’s image in one context; the body names the record (created or replaced)',
  })
  @ApiCreatedResponse({ type: ImagePositionView })
  @ApiErrors(400, 403, 404, 415, 422)
  create(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: ImagePositionBody,
  ): Promise<ServiceAnswer<ImagePositionView>> {
    const { positionable_type, positionable_id } = body.image_position;
    if (positionable_type === undefined || positionable_id === undefined) {
      throw ServiceError.validation({
        ...(positionable_type === undefined ? { positionable_type: [Messages.blank] } : {}),
        ...(positionable_id === undefined ? { positionable_id: [Messages.blank] } : {}),
      });
    }
    return this.set(caller, positionable_type, positionable_id, body.image_position);
  }

  @Get(':positionable_type/:positionable_id')
  @ApiOperation({ summary: 'The positions of a record’s image, every context' })
  @ApiOkResponse({ type: [ImagePositionView] })
  @ApiErrors(404, 422)
  list(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('positionable_type', positionableType) type: PositionableType,
    @RecordId('positionable_id') id: string,
  ): Promise<ServiceAnswer<ImagePositionView[]>> {
    return this.services.relay(
      imagePositions.list,
      { positionable_type: type, positionable_id: id },
      { caller },
    );
  }

  @Patch(':positionable_type/:positionable_id')
  @ApiOperation({ summary: 'Set the position of a record’s image in one context (created or replaced)' })
  @ApiOkResponse({ type: ImagePositionView })
  @ApiErrors(400, 403, 404, 415, 422)
  update(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('positionable_type', positionableType) type: PositionableType,
    @RecordId('positionable_id') id: string,
    @Body() body: ImagePositionBody,
  ): Promise<ServiceAnswer<ImagePositionView>> {
    return this.set(caller, type, id, body.image_position);
  }

  @Put(':positionable_type/:positionable_id')
  @ApiOperation({ summary: 'Same as PATCH (the Rails routes took both)' })
  @ApiOkResponse({ type: ImagePositionView })
  @ApiErrors(400, 403, 404, 415, 422)
  replace(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('positionable_type', positionableType) type: PositionableType,
    @RecordId('positionable_id') id: string,
    @Body() body: ImagePositionBody,
  ): Promise<ServiceAnswer<ImagePositionView>> {
    return this.set(caller, type, id, body.image_position);
  }

  private set(
    caller: AuthenticatedUser,
    type: PositionableType,
    id: string,
    position: ImagePositionFields,
  ): Promise<ServiceAnswer<ImagePositionView>> {
    return this.services.relay(
      imagePositions.set,
      { positionable_type: type, positionable_id: id, image_position: positionFields(position) },
      { caller },
    );
  }
}
