import type { ClubModule, ClubPage } from '@hotpilot/hotmart';
import type { StepTools } from '../../engine/step.ts';
import { createMirrorRepo } from '../../store/mirror/mirror-repo.ts';
import { type AgentContext, readAgentContext } from '../agent-context.ts';
import { callAction } from '../call-action.ts';
import type { AuditSnapshot } from './audit-snapshot.ts';

/**
 * Reads the structure of the connection's members areas as the API shows it now: the modules of each
 * (`modules:<subdomain>`) and the pages of each module (`pages:<subdomain>:<module id>`), published or not. The
 * members areas are those the mirror knows (a sync records them; Hotmart has no endpoint that lists them,
 * reference §4.5).
 *
 * @example
 * import type { StepTools } from '../../engine/step.ts';
 * import type { AgentContext } from '../agent-context.ts';
 * import { readMembersAreas } from './read-members-areas.ts';
 * declare const ctx: AgentContext;
 * declare const step: StepTools;
 * const areas = await readMembersAreas(ctx, step, 'main');
 */
export async function readMembersAreas(
  ctx: AgentContext,
  step: StepTools,
  connectionId: string,
): Promise<NonNullable<AuditSnapshot['membersAreas']>> {
  const context = readAgentContext(ctx);
  const clubs = await step.run('members-areas', async () =>
    (await createMirrorRepo(context.store).clubs(connectionId))
      .map((club) => ({ subdomain: club.subdomain, productId: club.productId }))
      .sort((a, b) => a.subdomain.localeCompare(b.subdomain)),
  );
  const areas: NonNullable<AuditSnapshot['membersAreas']> = {};
  for (const club of clubs) {
    const area: NonNullable<AuditSnapshot['membersAreas']>[string] = {
      productId: club.productId,
      modules: {},
      pages: {},
    };
    const modules = await callAction<{ items: ClubModule[] }>(
      ctx,
      step,
      `modules:${club.subdomain}`,
      'hotmart_list_club_modules',
      { subdomain: club.subdomain },
      connectionId,
    );
    for (const module of modules.items) {
      if (!module.module_id) continue;
      area.modules[module.module_id] = {
        name: module.name?.trim() || module.module_id,
        extra: module.is_extra === true,
      };
      const pages = await callAction<{ items: ClubPage[] }>(
        ctx,
        step,
        `pages:${club.subdomain}:${module.module_id}`,
        'hotmart_list_club_pages',
        { module_id: module.module_id, subdomain: club.subdomain },
        connectionId,
      );
      for (const page of pages.items) {
        if (!page.page_id) continue;
        area.pages[page.page_id] = {
          moduleId: module.module_id,
          name: page.name?.trim() || page.page_id,
          // v1 says `is_published`, v2 `published` (reference §4.5).
          published: (page.is_published ?? page.published) !== false,
        };
      }
    }
    areas[club.subdomain] = area;
  }
  return areas;
}
