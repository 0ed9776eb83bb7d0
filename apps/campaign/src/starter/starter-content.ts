import type { StarterContent } from './starter-content.types.js';

/*
 * Shotcaller's own starter content for the master template campaign: written for this project in the spirit of
 * Hong Kong action cinema across time (no rulebook text). Gamemasters copy from it; edit freely.
 */

const JADE_LOTUS = 'The Jade Lotus Syndicate';
const CHROME_ACCORD = 'The Chrome Accord';
const ASHEN_COURT = 'The Ashen Court';
const OPEN_ROAD = 'The Open Road Society';

const ANCIENT = 'Ancient';
const EIGHTEEN_FIFTIES = '1850s';
const CONTEMPORARY = 'Contemporary';
const FUTURE = 'Future';

export const STARTER_CONTENT: StarterContent = {
  campaign: {
    name: 'Master Template',
    description:
      'Starter schticks, weapons, factions, junctures, archetypes and vehicles. New campaigns copy from here.',
  },

  factions: [
    {
      name: JADE_LOTUS,
      description:
        'A harbour-front crime family whose teahouses, noodle stalls and cargo cranes happen to sit on every ' +
        'lucky site in town. Polite, patient, and never without a cousin with a cleaver.',
    },
    {
      name: CHROME_ACCORD,
      description:
        'A board of directors from a century ahead that reached back to buy the present. They pay in ' +
        'miracles and collect in obedience; their enforcers are more warranty than flesh.',
    },
    {
      name: ASHEN_COURT,
      description:
        'Sorcerer-ministers of a dynasty that should have fallen long ago. They trade favours across the ' +
        'centuries and keep their souls in lacquered boxes, just in case.',
    },
    {
      name: OPEN_ROAD,
      description:
        'Drifters, runaways and retired heroes who keep a door open between the eras for anyone fleeing the ' +
        'other three. They meet in the back room of a laundromat that is sometimes a coaching inn.',
    },
  ],

  junctures: [
    {
      name: ANCIENT,
      description:
        'Jade palaces, bamboo forests and mountain monasteries, where a whispered curse can topple a ' +
        'province and the emperor has not been seen in person for forty years.',
      faction: ASHEN_COURT,
    },
    {
      name: EIGHTEEN_FIFTIES,
      description:
        'Opium clippers in the harbour, brass telegraphs on the quay, and rival trading houses settling ' +
        'their accounts with revolvers and hired boxers.',
    },
    {
      name: CONTEMPORARY,
      description:
        'Neon streets, night markets and container ports: the here and now, where every second car chase ' +
        'ends in a fruit stall.',
      faction: JADE_LOTUS,
    },
    {
      name: FUTURE,
      description:
        'Arcologies above the smog, drone-lit skies and ration queues below. The corporations won; the ' +
        'resistance has not heard.',
      faction: CHROME_ACCORD,
    },
  ],

  schticks: [
    {
      name: 'Twin Barrel Tango',
      description:
        'With a pistol in each hand, add 1 to the Damage of a Guns attack. Reloading both costs 1 extra shot.',
      category: 'Guns',
      path: 'Hail of Lead',
      archetypes: ['Hard-Boiled Detective', 'Chrome Mercenary'],
    },
    {
      name: 'Empty the Clip',
      description:
        'Once per fight, spend 4 shots on a Guns attack against every mook in sight: each one your Outcome ' +
        'beats goes down.',
      category: 'Guns',
      path: 'Hail of Lead',
      prerequisite: 'Twin Barrel Tango',
      archetypes: ['Hard-Boiled Detective'],
    },
    {
      name: 'Patient Crosshairs',
      description: 'Spend 1 shot lining up a target: your next Guns attack against it gets +2.',
      category: 'Guns',
      path: 'Marksman',
      archetypes: ['Chrome Mercenary', 'Frontier Drifter'],
    },
    {
      name: 'Pouncing Tiger',
      description:
        'Your first Martial Arts attack of each sequence gets +1, and +1 Damage if you moved to reach the foe.',
      category: 'Martial Arts',
      path: 'Tiger Stance',
      archetypes: ['Wandering Monk'],
    },
    {
      name: "Tiger's Roar",
      description:
        'Spend 1 shot and 1 Chi: every mook within reach loses 2 shots, and featured foes roll Will or lose 1.',
      category: 'Martial Arts',
      path: 'Tiger Stance',
      prerequisite: 'Pouncing Tiger',
      archetypes: ['Wandering Monk'],
    },
    {
      name: 'Deflecting Palm',
      description:
        'When a melee attack misses you, spend 1 shot to strike back at once with a Martial Arts attack.',
      category: 'Martial Arts',
      path: 'Flowing Water',
      archetypes: ['Wandering Monk'],
    },
    {
      name: 'Hairpin Specialist',
      description:
        'In a chase, your Handling counts as 2 higher while you take the tightest line on the map.',
      category: 'Driving',
      path: 'Road Warrior',
      archetypes: ['Getaway Driver'],
    },
    {
      name: 'Smash and Swerve',
      description: 'When you ram or sideswipe, add 2 to the Chase Points you deal and take 2 fewer yourself.',
      category: 'Driving',
      path: 'Road Warrior',
      prerequisite: 'Hairpin Specialist',
      archetypes: ['Getaway Driver'],
    },
    {
      name: 'Ember Palm',
      description:
        'A Sorcery attack of spirit fire, Damage 9, that sets cloth, paper and bad intentions alight.',
      category: 'Sorcery',
      path: 'Blast',
      archetypes: ['Street Sorcerer'],
    },
    {
      name: 'Ember Storm',
      description:
        'Spend 1 Magic: your Ember Palm strikes up to three foes at once, each with its own swerve.',
      category: 'Sorcery',
      path: 'Blast',
      prerequisite: 'Ember Palm',
      archetypes: ['Street Sorcerer'],
    },
    {
      name: 'Subdermal Plating',
      description: 'Armour grown under the skin: +1 Toughness, and metal detectors always go off.',
      category: 'Cyborg',
      path: 'Chrome',
      archetypes: ['Chrome Mercenary'],
    },
    {
      name: 'Human Shield',
      description:
        'Once per sequence, when an attack hits you, a mook beside you takes it instead and is out of the fight.',
      category: 'Foe',
      path: 'Boss',
      archetypes: [],
    },
    {
      name: 'Dust and Grit',
      description: 'Spend 1 Fortune after a roll to ignore your impairments for the rest of the sequence.',
      category: 'Frontier Drifter',
      path: 'Core',
      archetypes: ['Frontier Drifter'],
    },
    {
      name: 'Lucky Break',
      description:
        'Once per session, the escape route you need is just there: an open window, a passing truck, a ferry.',
      category: 'Getaway Driver',
      path: 'Core',
      archetypes: ['Getaway Driver'],
    },
  ],

  weapons: [
    {
      name: 'Mark IV Service Automatic',
      description: 'The department-issue sidearm: dependable, heavy, and scratched from years in a holster.',
      damage: 10,
      concealment: 2,
      reload_value: 3,
      juncture: CONTEMPORARY,
      category: 'Handguns',
    },
    {
      name: 'Pocket Hornet .32',
      description: 'A little pistol for a big emergency. Fits in a boot, a purse or a takeout box.',
      damage: 8,
      concealment: 1,
      reload_value: 4,
      juncture: CONTEMPORARY,
      category: 'Handguns',
    },
    {
      name: 'Thunderclap 12-Gauge',
      description: 'Pump-action persuasion. The sound of it being racked ends most arguments.',
      damage: 13,
      concealment: 5,
      reload_value: 4,
      juncture: CONTEMPORARY,
      category: 'Shotguns',
      kachunk: true,
    },
    {
      name: 'Buzzsaw SMG',
      description: 'Sprays more lead than sense; mooks scatter like pigeons.',
      damage: 10,
      concealment: 3,
      reload_value: 1,
      juncture: CONTEMPORARY,
      category: 'Submachine Guns',
      mook_bonus: 1,
    },
    {
      name: 'Longshot Bolt Rifle',
      description: 'Scoped, oiled and patient: from the rooftop across the street, it is personal.',
      damage: 12,
      concealment: 5,
      reload_value: 4,
      juncture: CONTEMPORARY,
      category: 'Rifles',
    },
    {
      name: 'Dragon-Tongue Jian',
      description: 'A straight sword with a blade that hums when evil is near, or when the wind is right.',
      damage: 9,
      concealment: 4,
      reload_value: null,
      juncture: ANCIENT,
      category: 'Swords',
    },
    {
      name: 'Nine-Ring Broadsword',
      description: 'Heavy, broad, and jingling with iron rings: foes hear it coming and it does not care.',
      damage: 10,
      concealment: 5,
      reload_value: null,
      juncture: ANCIENT,
      category: 'Swords',
    },
    {
      name: 'Riverboat Six-Shooter',
      description: 'A gambler’s revolver with a mother-of-pearl grip and a notch for every cheat it caught.',
      damage: 10,
      concealment: 3,
      reload_value: 5,
      juncture: EIGHTEEN_FIFTIES,
      category: 'Handguns',
    },
    {
      name: 'Brass Repeating Carbine',
      description: 'Lever-action, brass-framed, and the newest thing on the clipper docks.',
      damage: 11,
      concealment: 5,
      reload_value: 4,
      juncture: EIGHTEEN_FIFTIES,
      category: 'Rifles',
    },
    {
      name: 'PL-9 Plasma Lance',
      description: 'Corporate-issue energy rifle. Melts cover, and the warranty, in one pull.',
      damage: 14,
      concealment: 5,
      reload_value: 3,
      juncture: FUTURE,
      category: 'Energy Weapons',
    },
    {
      name: 'Monofilament Whip',
      description: 'A thread too thin to see, on a handle too small to notice. Slices lamp posts.',
      damage: 9,
      concealment: 2,
      reload_value: null,
      juncture: FUTURE,
      category: 'Melee',
    },
  ],

  characters: [
    {
      name: 'Hard-Boiled Detective',
      summary: 'A cop who plays by her own rules and keeps a spare magazine in the glovebox.',
      faction: OPEN_ROAD,
      juncture: CONTEMPORARY,
      wealth: 'Working Stiff',
      action_values: {
        Guns: 14,
        Defense: 13,
        Toughness: 7,
        Speed: 6,
        Fortune: 6,
        'Max Fortune': 6,
        MainAttack: 'Guns',
        Type: 'PC',
        Archetype: 'Hard-Boiled Detective',
      },
      skills: { Police: 13, Detective: 12, Intimidation: 11, Driving: 10 },
      description: {
        Age: '38',
        'Style of Dress': 'Rumpled trench coat, loosened tie, sunglasses at night',
        Background:
          'Twelve years on the force, three partners lost, one case she will not let go: the night market ' +
          'killings that nobody upstairs wants solved.',
        'Melodramatic Hook': 'Her old partner turned up alive, wearing a Jade Lotus ring.',
      },
      schticks: ['Twin Barrel Tango', 'Empty the Clip'],
      weapons: ['Mark IV Service Automatic', 'Thunderclap 12-Gauge'],
      equipped_weapon: 'Mark IV Service Automatic',
    },
    {
      name: 'Wandering Monk',
      summary: 'A temple-raised fighter walking the world to repay a debt to his murdered master.',
      faction: OPEN_ROAD,
      juncture: ANCIENT,
      wealth: 'Poor',
      action_values: {
        'Martial Arts': 14,
        Defense: 14,
        Toughness: 6,
        Speed: 7,
        Fortune: 7,
        'Max Fortune': 7,
        FortuneType: 'Chi',
        MainAttack: 'Martial Arts',
        Type: 'PC',
        Archetype: 'Wandering Monk',
      },
      skills: { Medicine: 10, Notice: 10, Will: 12 },
      description: {
        Age: 'Looks 25, claims 70',
        'Style of Dress': 'Patched saffron robes and straw sandals, whatever the weather',
        Background:
          'The monastery burned the night the Ashen Court came for its scrolls. He alone walked out of the ' +
          'smoke, carrying his master’s sword and a list of names.',
        'Melodramatic Hook': 'The last name on the list is his own brother’s.',
      },
      schticks: ['Pouncing Tiger', "Tiger's Roar", 'Deflecting Palm'],
      weapons: ['Dragon-Tongue Jian'],
      equipped_weapon: 'Dragon-Tongue Jian',
    },
    {
      name: 'Getaway Driver',
      summary: 'Nobody parallel parks a stolen van under fire like she does.',
      faction: OPEN_ROAD,
      juncture: CONTEMPORARY,
      wealth: 'Working Stiff',
      action_values: {
        Guns: 12,
        Defense: 13,
        Toughness: 6,
        Speed: 8,
        Fortune: 7,
        'Max Fortune': 7,
        MainAttack: 'Guns',
        Type: 'PC',
        Archetype: 'Getaway Driver',
      },
      skills: { Driving: 15, 'Fix-It': 12, Notice: 10 },
      description: {
        Age: '26',
        'Style of Dress': 'Racing jacket, fingerless gloves, one earbud always in',
        Background:
          'Grew up fixing taxis in her uncle’s garage; learned to outrun the Syndicate on its own delivery ' +
          'routes, then kept doing it for the thrill.',
        'Melodramatic Hook': 'The car she drives was her father’s, and someone wants it back.',
      },
      schticks: ['Hairpin Specialist', 'Smash and Swerve', 'Lucky Break'],
      weapons: ['Pocket Hornet .32'],
      equipped_weapon: 'Pocket Hornet .32',
    },
    {
      name: 'Street Sorcerer',
      summary: 'A fortune-teller with a night-market stall and real fire at his fingertips.',
      faction: OPEN_ROAD,
      juncture: CONTEMPORARY,
      wealth: 'Poor',
      action_values: {
        Sorcery: 14,
        Defense: 13,
        Toughness: 6,
        Speed: 5,
        Fortune: 7,
        'Max Fortune': 7,
        FortuneType: 'Magic',
        MainAttack: 'Sorcery',
        Type: 'PC',
        Archetype: 'Street Sorcerer',
      },
      skills: { Deceit: 11, Gambling: 12, Notice: 11 },
      description: {
        Age: '51',
        'Style of Dress': 'Silk vest over a football shirt, jade beads, reading glasses on a chain',
        Background:
          'Apprenticed to the Ashen Court, he walked out with a handful of their secrets and a price on his ' +
          'head. Now he reads palms for tourists and burns demons for free.',
        'Melodramatic Hook': 'His lacquered soul-box is still on a shelf in the Court.',
      },
      schticks: ['Ember Palm', 'Ember Storm'],
      weapons: [],
    },
    {
      name: 'Chrome Mercenary',
      summary: 'A soldier from the future who sold her arm to the Accord and wants the rest of her back.',
      faction: OPEN_ROAD,
      juncture: FUTURE,
      wealth: 'Working Stiff',
      action_values: {
        Guns: 14,
        Scroungetech: 13,
        Defense: 13,
        Toughness: 8,
        Speed: 6,
        Fortune: 5,
        'Max Fortune': 5,
        MainAttack: 'Guns',
        SecondaryAttack: 'Scroungetech',
        Type: 'PC',
        Archetype: 'Chrome Mercenary',
      },
      skills: { Sabotage: 12, 'Fix-It': 13, Intrusion: 11 },
      description: {
        Age: '33',
        'Style of Dress': 'Surplus fatigues, a glowing seam at the left shoulder',
        Background:
          'Accord Security, Fourth Division, until the day she was ordered to clear a ration queue. She ' +
          'deserted through a time gate with a stolen plasma lance.',
        'Melodramatic Hook': 'Her implant still takes calls from her old commander.',
      },
      schticks: ['Subdermal Plating', 'Patient Crosshairs', 'Twin Barrel Tango'],
      weapons: ['PL-9 Plasma Lance', 'Buzzsaw SMG'],
      equipped_weapon: 'PL-9 Plasma Lance',
    },
    {
      name: 'Frontier Drifter',
      summary: 'A soft-spoken gunhand off the opium clippers, looking for the man who sold his village.',
      faction: OPEN_ROAD,
      juncture: EIGHTEEN_FIFTIES,
      wealth: 'Poor',
      action_values: {
        Guns: 13,
        'Martial Arts': 12,
        Defense: 13,
        Toughness: 7,
        Speed: 6,
        Fortune: 6,
        'Max Fortune': 6,
        MainAttack: 'Guns',
        SecondaryAttack: 'Martial Arts',
        Type: 'PC',
        Archetype: 'Frontier Drifter',
      },
      skills: { Gambling: 11, Intimidation: 12, Constitution: 11 },
      description: {
        Age: '41',
        'Style of Dress': 'Duster, wide hat, boots older than most of his enemies',
        Background:
          'Sold into a trading house’s crew as a boy, he shot his way off the ship at nineteen and has been ' +
          'walking the docks of every port since.',
        'Melodramatic Hook': 'The trading house that bought him now flies the Jade Lotus flag.',
      },
      schticks: ['Dust and Grit', 'Patient Crosshairs'],
      weapons: ['Riverboat Six-Shooter', 'Brass Repeating Carbine'],
      equipped_weapon: 'Riverboat Six-Shooter',
    },
    {
      name: 'Syndicate Warlord',
      summary: 'Boss template: the Jade Lotus elder who runs the harbour from a mahjong table.',
      faction: JADE_LOTUS,
      juncture: CONTEMPORARY,
      wealth: 'Rich',
      action_values: {
        Guns: 15,
        'Martial Arts': 15,
        Defense: 14,
        Toughness: 8,
        Speed: 7,
        MainAttack: 'Martial Arts',
        SecondaryAttack: 'Guns',
        Type: 'Boss',
        Archetype: 'Crime Lord',
      },
      skills: { Leadership: 15, Intimidation: 14, Deceit: 13 },
      description: {
        'Style of Dress': 'Immaculate grey suit, a jade ring on every finger',
        Appearance: 'Silver hair, soft voice, never blinks first',
      },
      schticks: ['Human Shield'],
      weapons: ['Nine-Ring Broadsword', 'Mark IV Service Automatic'],
      equipped_weapon: 'Nine-Ring Broadsword',
    },
    {
      name: 'Accord Enforcer',
      summary: 'Featured Foe template: a chrome-plated corporate problem-solver.',
      faction: CHROME_ACCORD,
      juncture: FUTURE,
      action_values: {
        Guns: 13,
        Defense: 13,
        Toughness: 6,
        Speed: 6,
        MainAttack: 'Guns',
        Type: 'Featured Foe',
        Archetype: 'Cyborg Soldier',
      },
      skills: { Intimidation: 12, Notice: 11 },
      description: { Appearance: 'Mirror visor, matte armour, a company logo on the chest plate' },
      schticks: [],
      weapons: ['Buzzsaw SMG'],
      equipped_weapon: 'Buzzsaw SMG',
    },
    {
      name: 'Lotus Street Soldier',
      summary: 'Mook template: one of many, in matching tracksuits.',
      faction: JADE_LOTUS,
      juncture: CONTEMPORARY,
      action_values: {
        Guns: 8,
        'Martial Arts': 8,
        Defense: 13,
        Speed: 5,
        MainAttack: 'Guns',
        Type: 'Mook',
        Archetype: 'Thug',
      },
      skills: {},
      description: { Appearance: 'Tracksuit, chain, bad attitude' },
      schticks: [],
      weapons: ['Pocket Hornet .32'],
      equipped_weapon: 'Pocket Hornet .32',
    },
  ],

  vehicles: [
    {
      name: 'Crimson Comet',
      faction: OPEN_ROAD,
      juncture: CONTEMPORARY,
      color: '#b3261e',
      action_values: {
        Acceleration: 8,
        Handling: 8,
        Squeal: 10,
        Frame: 8,
        Crunch: 9,
        Type: 'PC',
        Archetype: 'Car',
      },
      description: {
        Size: 'Mid-size',
        Weight: '1.6 tonnes',
        Color: 'Candy-apple red',
        Appearance: 'A rebuilt seventies muscle car with a racing stripe and a dented passenger door',
      },
    },
    {
      name: 'Night Courier',
      faction: OPEN_ROAD,
      juncture: CONTEMPORARY,
      color: '#1d1b20',
      action_values: {
        Acceleration: 9,
        Handling: 9,
        Squeal: 11,
        Frame: 5,
        Crunch: 6,
        Type: 'PC',
        Archetype: 'Motorcycle',
      },
      description: {
        Size: 'Small',
        Weight: '220 kg',
        Color: 'Matte black',
        Appearance: 'A street bike with delivery boxes that hide more than noodles',
      },
    },
    {
      name: 'Syndicate Armoured Sedan',
      faction: JADE_LOTUS,
      juncture: CONTEMPORARY,
      color: '#2e4f3a',
      action_values: {
        Acceleration: 6,
        Handling: 6,
        Squeal: 8,
        Frame: 10,
        Crunch: 10,
        Type: 'Featured Foe',
        Archetype: 'Car',
      },
      description: {
        Size: 'Large',
        Weight: '3 tonnes',
        Color: 'Bottle green',
        Appearance: 'Tinted glass, run-flat tyres, a lotus ornament on the bonnet',
      },
    },
  ],
};
