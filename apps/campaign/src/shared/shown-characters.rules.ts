/**
 * The ids of the characters a record's view shows: its `character_ids` lists and every nested object whose
 * `entity_class` is "Character" (the lites of a faction, the characters of a character's sites and parties...), at
 * any depth up to `maxDepth`.
 */
export function shownCharacterIds(view: unknown, maxDepth = 6): string[] {
  const ids = new Set<string>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > maxDepth || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    if (record.entity_class === 'Character' && typeof record.id === 'string') ids.add(record.id);
    for (const [key, field] of Object.entries(record)) {
      if (key === 'character_ids' && Array.isArray(field)) {
        for (const id of field) if (typeof id === 'string') ids.add(id);
      } else {
        visit(field, depth + 1);
      }
    }
  };
  visit(view, 0);
  return [...ids];
}
