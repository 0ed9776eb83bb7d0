import type { AttackActionValue, FortuneType, GeneratedActionValueKey } from '@shotcaller/contracts';

/** One of Feng Shui 2's archetypes as the local generator builds it: a player character's values and flavour. */
export interface ArchetypeTable {
  name: string;
  /** Words in a description that pick this archetype (whole words, lower case). */
  keywords: readonly string[];
  mainAttack: AttackActionValue;
  secondaryAttack: AttackActionValue | null;
  fortuneType: FortuneType;
  /** Values of a player character of this archetype; any key left out is 0. */
  actionValues: Partial<Record<GeneratedActionValueKey, number>>;
  skills: Readonly<Record<string, number>>;
  /** Age range, in years. */
  ages: readonly [number, number];
  stylesOfDress: readonly string[];
  backgrounds: readonly string[];
  hooks: readonly string[];
}

/** The archetypes shipped with the project, after the Feng Shui 2 core book (values rounded, not quoted). */
export const ARCHETYPES: readonly ArchetypeTable[] = [
  {
    name: 'Sorcerer',
    keywords: [
      'sorcerer',
      'sorceress',
      'wizard',
      'witch',
      'mage',
      'magician',
      'magic',
      'spell',
      'spells',
      'occult',
    ],
    mainAttack: 'Sorcery',
    secondaryAttack: 'Guns',
    fortuneType: 'Magic',
    actionValues: { Sorcery: 15, Guns: 10, Defense: 13, Toughness: 5, Speed: 6, Fortune: 7 },
    skills: { Notice: 13, Medicine: 11, Intimidation: 12, Will: 9 },
    ages: [30, 90],
    stylesOfDress: [
      'embroidered silk robes',
      'a rumpled tweed suit with talismans sewn into the lining',
      'a black trench coat over ritual beads',
    ],
    backgrounds: [
      'Studied forbidden scrolls under a master who vanished one night in a cloud of blue smoke.',
      'Bargained with a feng shui site for power and still owes it a favour.',
    ],
    hooks: [
      'Wants to break the curse that binds their family to a Lotus eater.',
      'Seeks the missing pages of a grimoire that could unmake the world.',
    ],
  },
  {
    name: 'Martial Artist',
    keywords: ['martial', 'kung', 'fu', 'karate', 'fighter', 'monk', 'fists', 'kick', 'kicks', 'wushu'],
    mainAttack: 'Martial Arts',
    secondaryAttack: null,
    fortuneType: 'Chi',
    actionValues: { 'Martial Arts': 15, Defense: 14, Toughness: 7, Speed: 7, Fortune: 7 },
    skills: { Notice: 12, Constitution: 10, Will: 10 },
    ages: [18, 45],
    stylesOfDress: [
      'a loose white training gi',
      'a tank top and cargo pants',
      'a tailored Mandarin-collar jacket',
    ],
    backgrounds: [
      'Grew up in a temple that burned down the day the Ascended came for its library.',
      'Learned to fight in the back alleys of Kowloon and never lost the habit.',
    ],
    hooks: [
      'Hunts the rival school that killed their sifu.',
      'Made a vow never to fight for money, and is about to break it.',
    ],
  },
  {
    name: 'Old Master',
    keywords: ['master', 'sifu', 'elder', 'sage', 'teacher', 'ancient', 'hermit'],
    mainAttack: 'Martial Arts',
    secondaryAttack: null,
    fortuneType: 'Chi',
    actionValues: { 'Martial Arts': 16, Defense: 14, Toughness: 6, Speed: 6, Fortune: 8 },
    skills: { Notice: 14, Medicine: 13, Will: 12, Leadership: 10 },
    ages: [60, 110],
    stylesOfDress: ['a faded grey robe and straw sandals', 'a moth-eaten cardigan and carpet slippers'],
    backgrounds: [
      'Has trained three generations of heroes and buried two of them.',
      'Was a legend in 1850 and has not aged a day since.',
    ],
    hooks: [
      'Needs a worthy student before the last secret technique dies with them.',
      'An old pupil has gone over to the Eaters of the Lotus.',
    ],
  },
  {
    name: 'Killer',
    keywords: [
      'killer',
      'assassin',
      'hitman',
      'hitwoman',
      'sniper',
      'gunman',
      'gunslinger',
      'hired',
      'contract',
    ],
    mainAttack: 'Guns',
    secondaryAttack: null,
    fortuneType: 'Fortune',
    actionValues: { Guns: 15, Defense: 13, Toughness: 6, Speed: 7, Fortune: 6 },
    skills: { Intrusion: 12, Notice: 12, Intimidation: 11 },
    ages: [25, 50],
    stylesOfDress: ['a black suit and sunglasses, even at night', 'a long duster hiding two pistols'],
    backgrounds: [
      'Did wet work for the Triads until a job went wrong and the target turned out to be a child.',
      'Former sharpshooter who now sells their aim to the highest bidder.',
    ],
    hooks: [
      'Wants out of the business, but the business wants them back.',
      'Owes a life to the one person they were paid to kill.',
    ],
  },
  {
    name: 'Maverick Cop',
    keywords: ['cop', 'police', 'detective', 'officer', 'inspector', 'maverick', 'badge', 'lawman'],
    mainAttack: 'Guns',
    secondaryAttack: 'Martial Arts',
    fortuneType: 'Fortune',
    actionValues: { Guns: 14, 'Martial Arts': 11, Defense: 13, Toughness: 7, Speed: 6, Fortune: 7 },
    skills: { Police: 14, Detective: 12, Driving: 11, Intimidation: 11 },
    ages: [25, 55],
    stylesOfDress: ['a leather jacket and a badge on a chain', 'a crumpled suit with a loosened tie'],
    backgrounds: [
      'Suspended three times, decorated four, and still nobody wants to be their partner.',
      'Followed a smuggling case through a portal and came back with more questions than answers.',
    ],
    hooks: [
      'Their captain is on the Ascended payroll.',
      'Swore to avenge a partner who died on a case that officially never happened.',
    ],
  },
  {
    name: 'Spy',
    keywords: ['spy', 'agent', 'secret', 'espionage', 'infiltrator', 'operative', 'seductive'],
    mainAttack: 'Guns',
    secondaryAttack: null,
    fortuneType: 'Fortune',
    actionValues: { Guns: 13, Defense: 13, Toughness: 5, Speed: 7, Fortune: 7 },
    skills: { Deceit: 14, Seduction: 13, Intrusion: 12, Notice: 11 },
    ages: [25, 50],
    stylesOfDress: ['an immaculate tuxedo or evening gown', 'forgettable grey business wear'],
    backgrounds: [
      'Worked for four agencies, and is still on the books of at least two of them.',
      'Was burned by their handler and learned about the secret war while hiding from their own side.',
    ],
    hooks: [
      'Has a cover identity that is starting to feel more real than the truth.',
      'Holds a file that would bring down the Guiding Hand.',
    ],
  },
  {
    name: 'Driver',
    keywords: ['driver', 'wheelman', 'racer', 'getaway', 'car', 'cars', 'pilot', 'biker', 'trucker'],
    mainAttack: 'Guns',
    secondaryAttack: null,
    fortuneType: 'Fortune',
    actionValues: { Guns: 13, Defense: 13, Toughness: 6, Speed: 8, Fortune: 7 },
    skills: { Driving: 15, 'Fix-It': 12, Notice: 11 },
    ages: [18, 45],
    stylesOfDress: ['racing leathers covered in sponsor patches', 'a denim jacket and fingerless gloves'],
    backgrounds: [
      'Drove getaway for every crew in the city until the cops stopped bothering to chase.',
      'Won a street race against a demon and took its car as the prize.',
    ],
    hooks: [
      'Their dream car was stolen, and they will cross every juncture to get it back.',
      'Owes money to very patient, very dangerous people.',
    ],
  },
  {
    name: 'Cyborg',
    keywords: ['cyborg', 'robot', 'android', 'machine', 'cybernetic', 'chrome', 'augmented', 'future'],
    mainAttack: 'Scroungetech',
    secondaryAttack: 'Guns',
    fortuneType: 'Fortune',
    actionValues: { Scroungetech: 14, Guns: 13, Defense: 13, Toughness: 8, Speed: 5, Fortune: 6 },
    skills: { 'Fix-It': 13, Intimidation: 12, Strength: 11 },
    ages: [20, 60],
    stylesOfDress: [
      'a patched armoured coat over exposed chrome',
      'a hoodie that does not quite hide the servo arm',
    ],
    backgrounds: [
      'Was rebuilt by the Jammers after a Buro riot squad left them for dead in 2074.',
      "Volunteered for a military upgrade programme and woke up years later with someone else's orders.",
    ],
    hooks: [
      'Still hears a kill switch humming somewhere in their skull.',
      'Searches for the surgeon who kept their old arm.',
    ],
  },
  {
    name: 'Transformed Animal',
    keywords: [
      'animal',
      'transformed',
      'fox',
      'tiger',
      'monkey',
      'dragon',
      'crane',
      'snake',
      'rat',
      'cat',
      'beast',
    ],
    mainAttack: 'Creature',
    secondaryAttack: 'Martial Arts',
    fortuneType: 'Chi',
    actionValues: { Creature: 14, 'Martial Arts': 12, Defense: 13, Toughness: 7, Speed: 8, Fortune: 7 },
    skills: { Notice: 13, Deceit: 11, Intrusion: 10 },
    ages: [20, 300],
    stylesOfDress: [
      'clothes worn a little wrong, as if learned from a magazine',
      'bright silks with a tail-shaped tear',
    ],
    backgrounds: [
      'Was a fox in the ancient juncture until a feng shui site taught it to walk on two legs.',
      'Escaped the Lotus sorcerers who turned it human, and still dreams of running on four paws.',
    ],
    hooks: [
      'The change is wearing off, slowly.',
      'Its clan wants it to return to the wild and forget the humans it loves.',
    ],
  },
  {
    name: 'Supernatural Creature',
    keywords: [
      'demon',
      'ghost',
      'monster',
      'creature',
      'spirit',
      'vampire',
      'undead',
      'supernatural',
      'hungry',
    ],
    mainAttack: 'Creature',
    secondaryAttack: null,
    fortuneType: 'Magic',
    actionValues: { Creature: 15, Defense: 13, Toughness: 7, Speed: 7, Fortune: 6 },
    skills: { Intimidation: 14, Notice: 11, Will: 10 },
    ages: [100, 999],
    stylesOfDress: ['a too-perfect human disguise that slips when it laughs', 'the rags of a funeral suit'],
    backgrounds: [
      'Was summoned by the Eaters of the Lotus and never went back to the Underworld.',
      'Ate the sorcerer who bound it, and found it had inherited a conscience.',
    ],
    hooks: [
      'Its old masters want it back in the bottle.',
      'Hungers for something it has sworn never to eat again.',
    ],
  },
  {
    name: 'Everyday Hero',
    keywords: [
      'ordinary',
      'everyday',
      'normal',
      'waiter',
      'cook',
      'student',
      'clerk',
      'taxi',
      'regular',
      'nobody',
    ],
    mainAttack: 'Guns',
    secondaryAttack: 'Martial Arts',
    fortuneType: 'Fortune',
    actionValues: { Guns: 12, 'Martial Arts': 12, Defense: 13, Toughness: 6, Speed: 6, Fortune: 9 },
    skills: { Driving: 11, 'Fix-It': 11, Notice: 11, Gambling: 10 },
    ages: [18, 60],
    stylesOfDress: ['a work uniform with a name tag', 'jeans, sneakers and a lucky baseball cap'],
    backgrounds: [
      'Was just delivering noodles when the portal opened in the kitchen.',
      'Saw something in the subway that nobody else remembers, and has not been left alone since.',
    ],
    hooks: [
      "Just wants to get home in time for their kid's birthday.",
      'Keeps a list of everyone the secret war has hurt.',
    ],
  },
  {
    name: 'Bodyguard',
    keywords: [
      'bodyguard',
      'guard',
      'protector',
      'bouncer',
      'soldier',
      'mercenary',
      'muscle',
      'brute',
      'big',
    ],
    mainAttack: 'Martial Arts',
    secondaryAttack: 'Guns',
    fortuneType: 'Fortune',
    actionValues: { 'Martial Arts': 14, Guns: 12, Defense: 14, Toughness: 8, Speed: 5, Fortune: 6 },
    skills: { Intimidation: 13, Notice: 13, Strength: 12 },
    ages: [22, 55],
    stylesOfDress: ['a dark suit one size too small across the shoulders', 'body armour under a windbreaker'],
    backgrounds: [
      'Took a bullet for a tycoon who then fired them for bleeding on the carpet.',
      'Has guarded the same family for twenty years and knows all of its secrets.',
    ],
    hooks: [
      'Failed to save someone once and will not let it happen again.',
      'Their principal is not what they seem.',
    ],
  },
  {
    name: 'Gambler',
    keywords: ['gambler', 'card', 'cards', 'casino', 'lucky', 'luck', 'dice', 'conman', 'grifter', 'hustler'],
    mainAttack: 'Guns',
    secondaryAttack: null,
    fortuneType: 'Fortune',
    actionValues: { Guns: 13, Defense: 13, Toughness: 5, Speed: 7, Fortune: 9 },
    skills: { Gambling: 15, Deceit: 13, Seduction: 11, Notice: 11 },
    ages: [21, 60],
    stylesOfDress: ['a white dinner jacket and a toothpick', 'a loud Hawaiian shirt and too many rings'],
    backgrounds: [
      'Won a feng shui site in a card game and has been running from its previous owners ever since.',
      'Counts cards, counts enemies, and has never lost count of either.',
    ],
    hooks: [
      'Bet their soul on a hand they cannot remember losing.',
      'A rival card sharp is cheating with real magic.',
    ],
  },
  {
    name: 'Ex-Special Forces',
    keywords: [
      'commando',
      'military',
      'marine',
      'veteran',
      'special',
      'forces',
      'army',
      'sergeant',
      'colonel',
      'war',
    ],
    mainAttack: 'Guns',
    secondaryAttack: 'Martial Arts',
    fortuneType: 'Fortune',
    actionValues: { Guns: 14, 'Martial Arts': 12, Defense: 13, Toughness: 7, Speed: 6, Fortune: 6 },
    skills: { Sabotage: 13, Leadership: 12, Intrusion: 11, Medicine: 10 },
    ages: [28, 60],
    stylesOfDress: ['olive drab fatigues and dog tags', 'a tactical vest over a faded band T-shirt'],
    backgrounds: [
      'Led a unit that was sent through a portal and came back one soldier short.',
      'Left the service after an operation that is still classified, even from them.',
    ],
    hooks: [
      'Still looking for the soldier left behind in 69 AD.',
      'A former commanding officer now works for the Architects.',
    ],
  },
];
