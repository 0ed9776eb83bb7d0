import { correctionMessages, extendMessages, generateMessages, SYSTEM_PROMPT } from './chat-prompt.js';

describe('chat prompts', () => {
  it('asks for one JSON object and states the schema rules', () => {
    expect(SYSTEM_PROMPT).toContain('exactly one JSON object');
    expect(SYSTEM_PROMPT).toContain('PC, Ally, Mook, Featured Foe, Boss, Uber-Boss');
    expect(SYSTEM_PROMPT).toContain('Toughness 0-12');
    expect(JSON.parse(SYSTEM_PROMPT.split('\n')[2])).toHaveProperty(
      'action_values.MainAttack',
      'Martial Arts',
    );
  });

  it('passes the description on as the user message', () => {
    const messages = generateMessages('  A sorcerer  ');
    expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(messages[1].content).toBe('Create this character:\nA sorcerer');
  });

  it('sends an existing character with long text cut short, and what to add', () => {
    const [, user] = extendMessages(
      { name: 'Hu', action_values: { Guns: 12 }, description: { Background: 'y'.repeat(5_000) } },
      'more mystery',
    );
    expect(user.content).toContain('What to add: more mystery');
    const character = JSON.parse(user.content.slice(user.content.indexOf('{')));
    expect(character).toMatchObject({ name: 'Hu', action_values: { Guns: 12 }, skills: {} });
    expect(character.description.Background).toHaveLength(1_001);
  });

  it('asks again with the refused answer and its problems', () => {
    const first = generateMessages('x');
    const again = correctionMessages(first, '{"name": ""}', ["name: can't be blank", 'skills: missing']);
    expect(again.slice(0, 2)).toEqual(first);
    expect(again[2]).toEqual({ role: 'assistant', content: '{"name": ""}' });
    expect(again[3].content).toBe(
      "That answer was refused:\n- name: can't be blank\n- skills: missing\nAnswer again with the corrected JSON object only.",
    );
  });
});
