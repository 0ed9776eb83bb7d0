import { DEFAULT_PER_PAGE } from '@shotcaller/contracts';

export interface PageWindow {
  page: number;
  perPage: number;
  limit: number;
  offset: number;
}

/** The rows a Rails-style `page`/`per_page` pair asks for. */
export function pageWindow(page = 1, perPage = DEFAULT_PER_PAGE): PageWindow {
  return { page, perPage, limit: perPage, offset: (page - 1) * perPage };
}
