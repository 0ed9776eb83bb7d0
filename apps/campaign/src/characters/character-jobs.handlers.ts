import {
  AiCharacterPayload,
  ImportCharacterSheetPayload,
  RecordIdPayload,
  Subjects,
  type Actor,
  type AiRequestAcceptedView,
  type CharacterSheetFile,
  type CharacterView,
} from '@shotcaller/contracts';
import { RpcActor, RpcHandler, RpcHandlers, type Caller } from '@shotcaller/messaging';
import { RpcCaller } from '../users/rpc-caller.js';
import { CharacterAiService } from './character-ai.service.js';
import { CharacterSheetsService } from './character-sheets.service.js';

const { characters } = Subjects.campaign;

/** The character routes done by the jobs service: PDF sheets (waited for) and AI generation (queued). */
@RpcHandlers()
export class CharacterJobsHandlers {
  constructor(
    private readonly sheets: CharacterSheetsService,
    private readonly ai: CharacterAiService,
  ) {}

  @RpcHandler(characters.sheet)
  sheet(
    { id }: RecordIdPayload,
    @RpcActor() actor: Actor,
    @RpcCaller() caller?: Caller,
  ): Promise<CharacterSheetFile> {
    return this.sheets.sheet(actor, id, caller);
  }

  @RpcHandler(characters.importSheet)
  importSheet(
    { pdf_base64 }: ImportCharacterSheetPayload,
    @RpcActor() actor: Actor,
    @RpcCaller() caller?: Caller,
  ): Promise<CharacterView> {
    return this.sheets.importSheet(actor, pdf_base64, caller);
  }

  @RpcHandler(characters.ai)
  generate(
    request: AiCharacterPayload,
    @RpcActor() actor: Actor,
    @RpcCaller() caller?: Caller,
  ): Promise<AiRequestAcceptedView> {
    return this.ai.request(actor, request, caller);
  }
}
