/** Looks for generated characters' description entries. */
export const HAIR_COLORS: readonly string[] = [
  'black',
  'jet black, slicked back',
  'grey at the temples',
  'white',
  'shaved',
  'dyed electric blue',
  'auburn',
  'blond',
  'brown, in a ponytail',
  'red',
];

export const EYE_COLORS: readonly string[] = [
  'brown',
  'dark brown',
  'hazel',
  'grey',
  'green',
  'blue',
  'amber',
  'one brown, one milky white',
];

export const BUILDS: readonly { height: string; weight: string; look: string }[] = [
  { height: '5\'4"', weight: '120 lbs', look: 'wiry and quick' },
  { height: '5\'7"', weight: '145 lbs', look: 'compact and watchful' },
  { height: '5\'9"', weight: '160 lbs', look: "lean, with a boxer's nose" },
  { height: '5\'11"', weight: '180 lbs', look: 'broad-shouldered and scarred' },
  { height: '6\'1"', weight: '200 lbs', look: 'tall and unhurried' },
  { height: '6\'4"', weight: '250 lbs', look: 'built like a vending machine' },
];

export const MANNERISMS: readonly string[] = [
  'never sits with their back to a door',
  'hums old Cantopop songs in a fight',
  'cracks their knuckles before answering a question',
  'smiles at exactly the wrong moments',
  'keeps a toothpick in the corner of their mouth',
  'talks to their weapons',
];
