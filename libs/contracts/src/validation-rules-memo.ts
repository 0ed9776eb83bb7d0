import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type RulesOf = Storage['getTargetValidationMetadatas'];
type Rule = ReturnType<RulesOf>[number];
type Grouped = ReturnType<Storage['groupByPropertyName']>;

const installed = Symbol.for('shotcaller.validationRulesMemo');

/**
 * class-validator looks a class's rules up afresh on every validation, scanning every class it knows for rules
 * inherited from it: with the few hundred classes of the contracts, that scan was most of the validation time of a
 * small request (profiled on the character index). A class's rules do not change once its module has loaded, so
 * each lookup (and its grouping by property) is remembered; registering any rule forgets them all. Idempotent.
 */
export function rememberValidationRules(storage: Storage = getMetadataStorage()): void {
  const marked = storage as Storage & { [installed]?: true };
  if (marked[installed]) return;
  marked[installed] = true;

  let lookups = new WeakMap<object, Map<string, Rule[]>>();
  let groupings = new WeakMap<Rule[], Grouped>();
  const forget = () => {
    lookups = new WeakMap();
    groupings = new WeakMap();
  };

  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let byKey = lookups.get(target);
    if (!byKey) lookups.set(target, (byKey = new Map()));
    let rules = byKey.get(key);
    if (!rules) byKey.set(key, (rules = lookUp(target, schema, always, strictGroups, groups)));
    return rules;
  };

  const group = storage.groupByPropertyName.bind(storage);
  storage.groupByPropertyName = (rules) => {
    let grouped = groupings.get(rules);
    if (!grouped) groupings.set(rules, (grouped = group(rules)));
    return grouped;
  };

  const addRule = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (rule) => {
    forget();
    addRule(rule);
  };
  const addConstraint = storage.addConstraintMetadata.bind(storage);
  storage.addConstraintMetadata = (constraint) => {
    forget();
    addConstraint(constraint);
  };
  const addSchema = storage.addValidationSchema.bind(storage);
  storage.addValidationSchema = (schema) => {
    forget();
    addSchema(schema);
  };
}
