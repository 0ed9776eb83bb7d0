import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@notionhq/client';
import { NOTION_SETTINGS, type NotionSettings } from './notion-settings.js';
import type { NotionPropertyValue } from './notion-page.rules.js';

type PageProperties = Record<string, NotionPropertyValue>;

/**
 * Database pages through the official client, one client per call (each campaign has its own token). The
 * client's own retries are off, so BullMQ's backoff decides when a failed sync runs again; its logger is silenced
 * (its messages may echo Notion's, which may echo what was sent); each request is aborted after the timeout.
 */
@Injectable()
export class NotionPages {
  constructor(@Inject(NOTION_SETTINGS) private readonly settings: NotionSettings) {}

  private client(token: string): Client {
    const { baseUrl, timeoutMs } = this.settings;
    return new Client({
      auth: token,
      baseUrl,
      timeoutMs,
      retry: false,
      logger: () => undefined,
      // The client stops waiting after timeoutMs but leaves the request open; the signal ends it.
      fetch: (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) }),
    });
  }

  /** Creates a page in the database (a single-source one), answering its id. */
  async create(token: string, databaseId: string, properties: PageProperties): Promise<string> {
    const page = await this.client(token).pages.create({
      parent: { type: 'database_id', database_id: databaseId },
      properties,
    });
    return page.id;
  }

  async update(token: string, pageId: string, properties: PageProperties): Promise<void> {
    await this.client(token).pages.update({
      page_id: pageId,
      properties,
    });
  }
}
