import { changeStatuses, STATUS, statusListInput, withoutStatus, withStatus } from './statuses.js';

describe('statuses', () => {
  it('adds a status once and removes it', () => {
    const statuses = Object.freeze(['cheesing_it']);
    expect(withStatus(statuses, STATUS.outOfFight)).toEqual(['cheesing_it', 'out_of_fight']);
    expect(withStatus(['out_of_fight'], STATUS.outOfFight)).toEqual(['out_of_fight']);
    expect(withoutStatus(['out_of_fight', 'cheesing_it'], STATUS.outOfFight)).toEqual(['cheesing_it']);
    expect(withoutStatus([], STATUS.outOfFight)).toEqual([]);
    expect(statuses).toEqual(['cheesing_it']);
  });

  it('removes before adding, as Rails did, and never keeps a duplicate', () => {
    expect(
      changeStatuses(['up_check_required', 'cheesing_it', 'cheesing_it'], {
        remove: ['cheesing_it', 'up_check_required'],
        add: ['cheesed_it', 'up_check_required', 'cheesed_it'],
      }),
    ).toEqual(['cheesed_it', 'up_check_required']);
    expect(changeStatuses(['out_of_fight'], {})).toEqual(['out_of_fight']);
  });

  it('accepts lists of snake_case words from clients and names each bad entry', () => {
    expect(statusListInput('add_status', ['cheesing_it', 'cheesing_it'])).toEqual({
      ok: true,
      value: ['cheesing_it'],
    });
    expect(statusListInput('add_status', 'out_of_fight')).toEqual({
      ok: false,
      errors: { add_status: ['must be an array'] },
    });
    const result = statusListInput('remove_status', ['ok', 'Out Of Fight', 7, '']);
    expect(result.ok ? undefined : Object.keys(result.errors)).toEqual([
      'remove_status[1]',
      'remove_status[2]',
      'remove_status[3]',
    ]);
  });
});
