import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MikroORM } from '@mikro-orm/postgresql';
import {
  JobQueues,
  PdfJobNames,
  Subjects,
  type Actor,
  type CharacterSheetData,
  type CharacterSheetFile,
  type CharacterView,
  type ImportedCharacter,
  type ImportSheetData,
  type ImportSheetResult,
} from '@shotcaller/contracts';
import { ServiceClient, type Caller } from '@shotcaller/messaging';
import { unitOfWork } from '@shotcaller/persistence';
import type { CampaignEnv } from '../config.js';
import { Schtick } from '../schticks/schtick.entity.js';
import { CampaignRecordChanges } from '../shared/campaign-records.service.js';
import { Weapon } from '../weapons/weapon.entity.js';
import {
  characterFieldsOfSheet,
  distinctNames,
  idsByName,
  sheetDataOf,
  sheetImportRefusal,
} from './character-sheet.rules.js';
import { CharactersService } from './characters.service.js';

/** What a `jobs.run` request may take beyond the job's own wait: the round trips to and from the jobs service. */
const JOBS_ANSWER_MARGIN_MS = 5_000;

/**
 * Character sheets as PDF, built and read by the jobs service's pdf worker (`jobs.run`: the request waits for
 * the job up to PDF_WAIT_MS, and this service's handling is never blocked by the work). Who may export or import
 * is decided here, as for any character: a member exports the characters they can see; an import is a character
 * create in the caller's current campaign, with the same rules.
 */
@Injectable()
export class CharacterSheetsService {
  private readonly waitMs: number;

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    private readonly services: ServiceClient,
    private readonly characters: CharactersService,
    private readonly records: CampaignRecordChanges,
    config: ConfigService<CampaignEnv, true>,
  ) {
    this.waitMs = config.get('PDF_WAIT_MS', { infer: true });
  }

  /** The sheet of a character the actor can see (404 otherwise). */
  async sheet(actor: Actor, id: string, caller?: Caller): Promise<CharacterSheetFile> {
    const character = await this.characters.get(actor, id);
    return (await this.runPdfJob(
      PdfJobNames.characterSheet,
      sheetDataOf(character),
      caller,
    )) as CharacterSheetFile;
  }

  /**
   * A new character of the actor's current campaign (owned by them) from a filled sheet, linked to the
   * campaign's schticks and weapons the sheet names. A file the job refuses is 422 on `pdf_file`, nothing written.
   */
  async importSheet(actor: Actor, pdfBase64: string, caller?: Caller): Promise<CharacterView> {
    // 404 before any work for someone without a current campaign to add to.
    await this.records.visibleCurrentCampaign(unitOfWork(this.orm), actor);
    let imported: ImportedCharacter;
    try {
      const data: ImportSheetData = { pdf_base64: pdfBase64 };
      imported = ((await this.runPdfJob(PdfJobNames.importSheet, data, caller)) as ImportSheetResult)
        .character;
    } catch (error) {
      throw sheetImportRefusal(error) ?? error;
    }
    const links = await this.linksByName(actor, imported);
    return this.characters.create(actor, characterFieldsOfSheet(imported, links), caller);
  }

  /** The ids of the current campaign's schticks and weapons named on the sheet (names compared without case). */
  private async linksByName(actor: Actor, imported: ImportedCharacter) {
    const em = unitOfWork(this.orm);
    const { campaign } = await this.records.visibleCurrentCampaign(em, actor);
    const named = async (entity: typeof Schtick | typeof Weapon, names: string[]) => {
      const distinct = distinctNames(names);
      if (distinct.length === 0) return [];
      const records = await em.find(
        entity as typeof Schtick,
        { campaign: campaign.id, $or: distinct.map((name) => ({ name: { $ilike: escapeLike(name) } })) },
        { fields: ['id', 'name'] },
      );
      return idsByName(distinct, records);
    };
    return {
      schtick_ids: await named(Schtick, imported.schtick_names),
      weapon_ids: await named(Weapon, imported.weapon_names),
    };
  }

  private async runPdfJob(
    name: string,
    data: CharacterSheetData | ImportSheetData,
    caller?: Caller,
  ): Promise<unknown> {
    const finished = await this.services.request(
      Subjects.jobs.run,
      // One attempt: the caller is waiting, and a sheet that failed once fails again.
      { queue: JobQueues.pdf, name, data: { ...data }, options: { attempts: 1 }, wait_ms: this.waitMs },
      { timeoutMs: this.waitMs + JOBS_ANSWER_MARGIN_MS, ...(caller ? { caller } : {}) },
    );
    return finished.result;
  }
}

/** `term` for (I)LIKE with its own wildcards taken literally. */
function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (character) => `\\${character}`);
}
