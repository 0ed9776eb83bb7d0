import { AsyncLocalStorage } from 'node:async_hooks';
import { decodePDFRawStream, PDFObjectStreamParser, PDFXRefStreamParser, type PDFRawStream } from 'pdf-lib';

/*
 * pdf-lib inflates every object stream and cross-reference stream while it loads a PDF, whatever their size: a
 * 400 KB file of compressed blanks costs it seconds of CPU and half a gigabyte. Within `withDecodeBudget`, the
 * two parsers that do so first decode their stream up to what is left of the budget, and refuse past it. The
 * hook wraps pdf-lib's own static factories (pdf-lib is pinned: see package.json); outside a budget it changes
 * nothing.
 */

/** Thrown when a PDF's streams decode to more than its budget allows. */
export class DecodeBudgetExceeded extends Error {
  constructor() {
    super('The PDF expands beyond its decoding budget');
    this.name = 'DecodeBudgetExceeded';
  }
}

interface DecodeBudget {
  remaining: number;
  exceeded: boolean;
}

const budgets = new AsyncLocalStorage<DecodeBudget>();

function spend(stream: PDFRawStream): void {
  const budget = budgets.getStore();
  if (!budget) return;
  const decoded = decodePDFRawStream(stream).getBytes(budget.remaining + 1);
  if (decoded.length > budget.remaining) {
    budget.exceeded = true;
    throw new DecodeBudgetExceeded();
  }
  budget.remaining -= decoded.length;
}

const objectStreams = PDFObjectStreamParser.forStream;
PDFObjectStreamParser.forStream = (stream, shouldWaitForTick) => {
  spend(stream);
  return objectStreams(stream, shouldWaitForTick);
};

const crossReferenceStreams = PDFXRefStreamParser.forStream;
PDFXRefStreamParser.forStream = (stream) => {
  spend(stream);
  return crossReferenceStreams(stream);
};

/**
 * Runs `load` with at most `bytes` of decoded object and cross-reference streams, all together; rejects with
 * DecodeBudgetExceeded once they pass it (pdf-lib catches what a parser throws and goes on, or fails its own way).
 */
export async function withDecodeBudget<T>(bytes: number, load: () => Promise<T>): Promise<T> {
  const budget: DecodeBudget = { remaining: bytes, exceeded: false };
  let loaded: T;
  try {
    loaded = await budgets.run(budget, load);
  } catch (error) {
    if (budget.exceeded) throw new DecodeBudgetExceeded();
    throw error;
  }
  if (budget.exceeded) throw new DecodeBudgetExceeded();
  return loaded;
}
