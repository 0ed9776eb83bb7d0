import { NatsAccessTable, natsInboxPrefix } from './nats-access.js';
import { ServiceName } from './services.js';
import { Subjects, SystemSubjects } from './subjects.js';

/** NATS subject matching: `*` is one token, `>` one or more trailing tokens. */
function covers(pattern: string, subject: string): boolean {
  const wanted = pattern.split('.');
  const tokens = subject.split('.');
  for (const [index, token] of wanted.entries()) {
    if (token === '>') return tokens.length > index;
    if (index >= tokens.length || (token !== '*' && token !== tokens[index])) return false;
  }
  return wanted.length === tokens.length;
}

const SERVICES = Object.values(ServiceName);
const may = (action: 'publish' | 'subscribe', subject: string) =>
  SERVICES.filter((service) => {
    const access = NatsAccessTable[service];
    const denied =
      action === 'publish' && (access.publishDeny ?? []).some((pattern) => covers(pattern, subject));
    return !denied && access[action].some((pattern) => covers(pattern, subject));
  });

/** Every subject in `Subjects`, with whether it sits under an `events` group. */
function allSubjects(tree: object, isEvent = false): { subject: string; isEvent: boolean }[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string'
      ? [{ subject: value, isEvent }]
      : allSubjects(value as object, isEvent || key === 'events'),
  );
}

/** The backend that answers a request subject: the one whose ping subject shares its first token. */
function owner(subject: string): ServiceName | undefined {
  const first = subject.split('.')[0];
  return (Object.keys(SystemSubjects) as (keyof typeof SystemSubjects)[]).find(
    (service) => SystemSubjects[service].ping.split('.')[0] === first,
  );
}

describe('the NATS permissions table', () => {
  const subjects = allSubjects(Subjects);

  it('has an entry for each service, and no other', () => {
    expect(Object.keys(NatsAccessTable).sort()).toEqual([...SERVICES].sort());
  });

  /** Requests only services send, and which: the gateway may not, so no client reaches them through it. */
  const serviceOnly: Record<string, ServiceName[]> = {
    [Subjects.jobs.enqueue]: ['campaign', 'chat', 'realtime-location', 'media'],
    [Subjects.jobs.run]: ['campaign', 'chat', 'realtime-location', 'media'],
    [Subjects.campaign.campaigns.seed]: ['jobs'],
    [Subjects.location.sessions.sweep]: ['jobs'],
    [Subjects.media.images.sweep]: ['jobs'],
    [Subjects.media.images.attach]: ['campaign'],
    [Subjects.media.images.release]: ['campaign'],
    [Subjects.campaign.images.referenced]: ['media'],
  };
  const requests = subjects.filter(({ isEvent }) => !isEvent).map(({ subject }) => subject);

  it.each(requests.filter((subject) => !(subject in serviceOnly)))(
    'request %s: the gateway may send it, and only the service that answers it may subscribe',
    (subject) => {
      expect(may('publish', subject)).toContain('gateway');
      expect(may('subscribe', subject)).toEqual([owner(subject)]);
    },
  );

  it.each(Object.entries(serviceOnly))(
    'request %s: only the services that need it may send it, never the gateway',
    (subject, senders) => {
      expect(requests).toContain(subject);
      expect(may('publish', subject).sort()).toEqual([...senders].sort());
      expect(may('subscribe', subject)).toEqual([owner(subject)]);
    },
  );

  it.each(Object.values(Subjects.jobs.events))(
    'event %s: only jobs may publish it; campaign receives it (its characters keep their Notion pages)',
    (subject) => {
      expect(may('publish', subject)).toEqual(['jobs']);
      expect(may('subscribe', subject)).toEqual(['campaign', 'jobs']);
    },
  );

  it.each(Object.values(Subjects.campaign.events))(
    'event %s: only campaign may publish it, and the gateway may receive it',
    (subject) => {
      expect(may('publish', subject)).toEqual(['campaign']);
      expect(may('subscribe', subject)).toEqual(expect.arrayContaining(['gateway', 'campaign']));
    },
  );

  it.each(Object.values(Subjects.media.events))(
    'event %s: only media may publish it; campaign receives it (its records drop a deleted image)',
    (subject) => {
      expect(may('publish', subject)).toEqual(['media']);
      expect(may('subscribe', subject)).toEqual(
        subject === Subjects.media.events.imageDeleted ? ['campaign', 'media'] : ['media'],
      );
    },
  );

  it('lets every backend publish realtime fan-out, which the gateway receives (and campaign its own topics)', () => {
    expect(may('publish', 'rt.campaign.42')).toEqual(SERVICES.filter((service) => service !== 'gateway'));
    // The campaign service follows its campaigns' announcements to drop the encounters it keeps.
    expect(may('subscribe', 'rt.campaign.42')).toEqual(['gateway', 'campaign']);
    for (const subject of ['rt.fight.42', 'rt.user.42', 'rt.chat.channel.42', 'rt.location.42']) {
      expect({ subject, readers: may('subscribe', subject) }).toEqual({ subject, readers: ['gateway'] });
    }
  });

  it('lets the backends, and not the gateway, answer requests', () => {
    const responders = SERVICES.filter((service) => NatsAccessTable[service].allowResponses);
    expect(responders).toEqual(SERVICES.filter((service) => service !== 'gateway'));
  });

  it("gives each service its own inbox prefix, which no other service's subscriptions cover", () => {
    const inboxes = SERVICES.map((service) => NatsAccessTable[service].inbox);
    expect(new Set(inboxes).size).toBe(SERVICES.length);
    for (const service of SERVICES) {
      const reply = `${NatsAccessTable[service].inbox}.abc123`;
      expect({ service, readers: may('subscribe', reply) }).toEqual({ service, readers: [] });
      expect({ service, writers: may('publish', reply) }).toEqual({ service, writers: [] });
    }
  });

  it('puts the inbox prefix inside the namespace', () => {
    expect(natsInboxPrefix('gateway')).toBe('_INBOX_gateway');
    expect(natsInboxPrefix('realtime-location', 't_run1')).toBe('t_run1._INBOX_realtime-location');
  });
});
