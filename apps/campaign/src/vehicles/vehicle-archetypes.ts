import type { VehicleArchetypeView } from '@shotcaller/contracts';

/** [name, Acceleration, Handling, Squeal, Frame, Crunch]. */
type ArchetypeStats = [string, number, number, number, number, number];

/**
 * The vehicle catalogue of the Feng Shui 2 core rules, as the Rails app served it (config/vehicles.yml), in its
 * order. That file gave the Coast Guard Interceptor Handling twice and no Crunch; it is read here as Handling 7,
 * Crunch 8, like the other fast patrol craft.
 */
const STATS: readonly ArchetypeStats[] = [
  ['Motorcycle', 8, 8, 10, 0, 0],
  ['Snowmobile', 6, 6, 8, 0, 2],
  ['Horse', 6, 6, 8, 0, 0],
  ['Family Sedan', 6, 6, 8, 7, 9],
  ['Compact Car', 6, 7, 9, 6, 8],
  ['Civilian SUV', 6, 6, 8, 7, 9],
  ['Security SUV', 7, 6, 8, 7, 10],
  ['Pickup Truck', 6, 6, 8, 8, 10],
  ['Luxury Sedan', 8, 7, 9, 7, 9],
  ['Police Car', 8, 8, 10, 6, 8],
  ['Muscle Car', 8, 8, 10, 6, 8],
  ['Sports Car', 9, 7, 9, 6, 8],
  ['Civilian Jeep', 6, 6, 7, 7, 9],
  ['Military Jeep', 6, 6, 7, 7, 10],
  ['Armored Military Vehicle', 6, 6, 7, 8, 11],
  ['Armored Jalopy', 6, 6, 8, 8, 10],
  ['Panel Van', 6, 6, 7, 8, 11],
  ['Panel Truck', 6, 6, 7, 8, 11],
  ['Eighteen Wheeler', 5, 5, 7, 9, 12],
  ['Junker Car', 5, 6, 8, 6, 8],
  ['Junker Pickup Truck', 5, 5, 7, 7, 9],
  ['Vintage Van', 6, 5, 7, 7, 9],
  ['Tank', 3, 3, 5, 12, 14],
  ['Personal Watercraft', 7, 7, 9, 0, 0],
  ['Cigarette Boat', 9, 7, 10, 2, 4],
  ['Powerboat', 7, 6, 8, 6, 8],
  ['Coast Guard Interceptor', 8, 7, 9, 6, 8],
  ['Jammerpack', 6, 6, 8, 0, 0],
  ['Light Sport Aircraft', 6, 6, 8, 5, 7],
  ['Small Plane', 6, 6, 8, 6, 8],
  ['Cropduster', 7, 6, 8, 5, 7],
  ['Helicopter', 6, 7, 8, 5, 7],
  ['Assault Helicopter', 10, 7, 9, 6, 8],
];

export const VEHICLE_ARCHETYPES: readonly VehicleArchetypeView[] = STATS.map(
  ([name, Acceleration, Handling, Squeal, Frame, Crunch]) => ({
    name,
    Acceleration,
    Handling,
    Squeal,
    Frame,
    Crunch,
  }),
);
