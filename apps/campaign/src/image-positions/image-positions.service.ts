import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import {
  ServiceError,
  type Actor,
  type ImagePositionFields,
  type ImagePositionTargetParams,
  type ImagePositionView,
  type PositionableType,
} from '@shotcaller/contracts';
import { SqlReads, unitOfWork } from '@shotcaller/persistence';
import type { Campaign } from '../campaigns/campaign.entity.js';
import { canSeeTemplates } from '../characters/character.rules.js';
import { CampaignRecordChanges, readInCampaign } from '../shared/campaign-records.service.js';
import { imagePositions, type ImagePositionRow } from '../shared/record.serializer.js';
import { imagePositionsQuery } from './image-position.queries.js';
import {
  isCampaignPositionable,
  mayPositionImage,
  POSITIONABLE_TABLES,
  type CampaignPositionableType,
} from './image-position.rules.js';

/** The type named, if it is a record of a campaign: 422 on `positionable_type` otherwise (a User). */
function campaignType(type: PositionableType): CampaignPositionableType {
  if (!isCampaignPositionable(type)) {
    throw ServiceError.validation({ positionable_type: ['is not a record of a campaign'] });
  }
  return type;
}

/**
 * Where a record's image is framed in each context (desktop_index, mobile_entity...). The record must be of the
 * caller's current campaign (404 otherwise); its members read the positions, whoever may change the record sets
 * them. Unlike the Rails endpoints, every call needs a signed-in member, and the type is one of a fixed list.
 */
@Injectable()
export class ImagePositionsService {
  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly reads: SqlReads,
    private readonly records: CampaignRecordChanges,
  ) {}

  async list(actor: Actor, target: ImagePositionTargetParams): Promise<ImagePositionView[]> {
    const type = campaignType(target.positionable_type);
    const row = await readInCampaign(
      this.reads,
      actor,
      imagePositionsQuery(actor, type, target.positionable_id),
    );
    if (!row.found) throw ServiceError.notFound();
    return imagePositions(row.imagePositions);
  }

  /** Sets one context's position of the record's image: made the first time, replaced after. */
  async set(
    actor: Actor,
    target: ImagePositionTargetParams,
    position: ImagePositionFields,
  ): Promise<ImagePositionView> {
    const type = campaignType(target.positionable_type);
    const em = unitOfWork(this.orm);
    return em.transactional(async (tx) => {
      const { campaign, standing } = await this.records.visibleCurrentCampaign(tx, actor);
      const ownerId = await this.ownerOf(
        tx,
        campaign,
        type,
        target.positionable_id,
        canSeeTemplates(standing),
      );
      if (!mayPositionImage({ userId: actor.id, standing }, type, ownerId)) {
        throw ServiceError.forbidden('Only who may change this record may position its image');
      }
      const styles =
        position.style_overrides === undefined ? null : JSON.stringify(position.style_overrides ?? {});
      const [row] = await tx.execute<ImagePositionRow[]>(
        `insert into image_positions
           (id, campaign_id, positionable_type, positionable_id, context, x_position, y_position, style_overrides)
         values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, coalesce(cast(? as jsonb), '{}'::jsonb))
         on conflict (positionable_type, positionable_id, context) do update set
           x_position = excluded.x_position,
           y_position = excluded.y_position,
           style_overrides = coalesce(cast(? as jsonb), image_positions.style_overrides),
           updated_at = now()
         returning id, context, x_position, y_position, style_overrides`,
        [
          campaign.id,
          type,
          target.positionable_id,
          position.context,
          position.x_position,
          position.y_position,
          styles,
          styles,
        ],
      );
      return imagePositions([row])[0];
    });
  }

  /**
   * The owner of a record of the campaign (null for records no player owns): 404 when the campaign has none (or it
   * is a template character and the actor no admin).
   */
  private async ownerOf(
    tx: EntityManager,
    campaign: Campaign,
    type: CampaignPositionableType,
    id: string,
    seesTemplates: boolean,
  ): Promise<string | null> {
    const owned = type === 'Character' || type === 'Vehicle';
    const campaignColumn = type === 'Campaign' ? 'id' : 'campaign_id';
    const visible = type === 'Character' && !seesTemplates ? ' and not is_template' : '';
    const rows = await tx.execute<{ owner: string | null }[]>(
      `select ${owned ? 'user_id' : 'null'} as owner from ${POSITIONABLE_TABLES[type]} where id = ? and ${campaignColumn} = ?${visible}`,
      [id, campaign.id],
    );
    if (rows.length === 0) throw ServiceError.notFound();
    return rows[0].owner;
  }
}
