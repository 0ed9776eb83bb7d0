import {
  ATTACK_ACTION_VALUES,
  CHARACTER_DESCRIPTION_KEYS,
  CHARACTER_SKILL_KEYS,
  CHARACTER_TYPES,
  FORTUNE_TYPES,
  GENERATED_ACTION_VALUE_RANGES,
  GENERATED_DESCRIPTION_LONG_MAX,
  GENERATED_DESCRIPTION_SHORT_MAX,
  GENERATED_SKILL_RANGE,
  type CharacterToExtend,
} from '@shotcaller/contracts';

/** One message of an OpenAI-compatible chat completion. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** How much of a rejected answer is sent back with the corrections: enough to fix it, not a whole book. */
const ANSWER_ECHO_MAX = 8_000;
/** How much of each of an existing character's description entries the prompt carries. */
const EXISTING_TEXT_MAX = 1_000;

const LONG_DESCRIPTION_KEYS = ['Appearance', 'Background', 'Melodramatic Hook'];

const example = {
  name: 'Lin "Iron Palm" Chan',
  action_values: {
    Type: 'PC',
    Archetype: 'Martial Artist',
    MainAttack: 'Martial Arts',
    SecondaryAttack: null,
    FortuneType: 'Chi',
    'Martial Arts': 15,
    Guns: 0,
    Defense: 14,
    Toughness: 7,
    Speed: 7,
    Fortune: 7,
    'Max Fortune': 7,
  },
  skills: { Notice: 12, Constitution: 10 },
  description: Object.fromEntries(CHARACTER_DESCRIPTION_KEYS.map((key) => [key, '...'])),
};

const ranges = Object.entries(GENERATED_ACTION_VALUE_RANGES)
  .map(([key, [min, max]]) => `${key} ${min}-${max}`)
  .join(', ');

/** What every request tells the model: the game, the JSON it must answer with and the schema's rules. */
export const SYSTEM_PROMPT = [
  'You create characters for the Feng Shui 2 action-movie roleplaying game.',
  'Answer with exactly one JSON object and nothing else, shaped like this example:',
  JSON.stringify(example),
  'Rules:',
  `- name: the character's name, 1-100 characters.`,
  `- action_values.Type: one of ${CHARACTER_TYPES.join(', ')} (PC unless the description asks otherwise).`,
  '- action_values.Archetype: a Feng Shui 2 archetype such as Sorcerer, Killer, Maverick Cop, Old Master.',
  `- action_values.MainAttack: one of ${ATTACK_ACTION_VALUES.join(', ')}; that attack must have a value above 0.`,
  `- action_values.SecondaryAttack: one of the same, or null. FortuneType: one of ${FORTUNE_TYPES.join(', ')}.`,
  `- Whole-number action values and their ranges: ${ranges}. Defense, Toughness and Speed are required.`,
  `- skills: an object of skill name to a whole number ${GENERATED_SKILL_RANGE[0]}-${GENERATED_SKILL_RANGE[1]}` +
    ` (usually 7-15); standard skills are ${CHARACTER_SKILL_KEYS.join(', ')}. List only notable skills.`,
  `- description: text for ${CHARACTER_DESCRIPTION_KEYS.join(', ')}; ${LONG_DESCRIPTION_KEYS.join(', ')} up to` +
    ` ${GENERATED_DESCRIPTION_LONG_MAX} characters, the others up to ${GENERATED_DESCRIPTION_SHORT_MAX}.`,
].join('\n');

/** The conversation asking for a new character. */
export function generateMessages(description: string): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: `Create this character:\n${description.trim()}` },
  ];
}

function shortened(text: string): string {
  return text.length <= EXISTING_TEXT_MAX ? text : `${text.slice(0, EXISTING_TEXT_MAX)}…`;
}

/** The conversation asking to complete an existing character, keeping what it has. */
export function extendMessages(character: CharacterToExtend, description?: string): ChatMessage[] {
  const existing = {
    name: character.name,
    action_values: character.action_values ?? {},
    skills: character.skills ?? {},
    description: Object.fromEntries(
      Object.entries(character.description ?? {}).map(([key, value]) => [
        key,
        typeof value === 'string' ? shortened(value) : value,
      ]),
    ),
  };
  const wanted = description?.trim() ? `\nWhat to add: ${description.trim()}` : '';
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    {
      role: 'user',
      content:
        'Complete this existing character. Keep its name, its Type and every value it already has; fill in what' +
        ` is missing, 0 or empty so that it fits the character.${wanted}\nThe character:\n${JSON.stringify(existing)}`,
    },
  ];
}

/** The conversation once more, with the rejected answer and what was wrong with it. */
export function correctionMessages(
  messages: ChatMessage[],
  answer: string,
  problems: string[],
): ChatMessage[] {
  const echoed = answer.length <= ANSWER_ECHO_MAX ? answer : `${answer.slice(0, ANSWER_ECHO_MAX)}…`;
  return [
    ...messages,
    { role: 'assistant', content: echoed },
    {
      role: 'user',
      content:
        `That answer was refused:\n${problems.map((problem) => `- ${problem}`).join('\n')}\n` +
        'Answer again with the corrected JSON object only.',
    },
  ];
}
