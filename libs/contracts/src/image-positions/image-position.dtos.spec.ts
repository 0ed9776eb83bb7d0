import { accepted, refusals, UUID } from '../characters/dto-checks.spec-support.js';
import { ImagePositionBody, ImagePositionTargetParams } from './image-position.dtos.js';

const position = (image_position: object) =>
  refusals(ImagePositionBody, { image_position }, 'image_position');

describe('image position bodies', () => {
  it('accepts the default position characterClient.createImagePosition sends, and a dragged one', () => {
    expect(position({ context: 'desktop_index', x_position: 0, y_position: 0 })).toEqual({});
    expect(
      position({
        id: UUID.a,
        context: 'mobile_encounter',
        x_position: -12.5,
        y_position: 40,
        style_overrides: { objectFit: 'cover', zoom: 1.2 },
      }),
    ).toEqual({});
    expect(
      position({ context: 'desktop_entity', x_position: 1, y_position: 2, style_overrides: null }),
    ).toEqual({});
  });

  it('refuses unknown contexts, non-numbers, nested styles and unknown fields', () => {
    expect(position({ context: 'print', x_position: 0, y_position: 0 }).context).toHaveLength(1);
    expect(position({ context: 'desktop_index', x_position: '10', y_position: 0 })).toEqual({
      x_position: ['must be a number'],
    });
    expect(position({ context: 'desktop_index', x_position: 1e9, y_position: 0 })).toEqual({
      x_position: ['x_position must not be greater than 100000'],
    });
    expect(
      position({ context: 'desktop_index', x_position: 0, y_position: 0, style_overrides: { a: { b: 1 } } }),
    ).toEqual({ style_overrides: ['"a" must be a number or text'] });
    expect(position({ context: 'desktop_index', x_position: 0, y_position: 0, owner: 'me' })).toEqual({
      owner: ['is not a permitted attribute'],
    });
  });

  it('turns no route segment into a class name: the record type is one of a fixed list', () => {
    expect(
      accepted(ImagePositionTargetParams, { positionable_type: 'Character', positionable_id: UUID.a }),
    ).toMatchObject({ positionable_type: 'Character' });
    expect(
      refusals(ImagePositionTargetParams, { positionable_type: 'Kernel', positionable_id: UUID.a }),
    ).toEqual({
      positionable_type: [
        'must be one of: Campaign, Character, Vehicle, Fight, Weapon, Schtick, Faction, Juncture, Site, Party, User',
      ],
    });
  });
});
