import { DateTime } from 'luxon';
import { isUserId } from '../../sheets-schema/slack-ids.js';
import { post, type Renderer, skip } from '../outbox/delivery.js';
import { nextStepMessage } from './messages.js';
import { NEXT_STEP_KIND, type PartnerKind, parseNextStepAbout } from './next-steps.js';

export const PARTNER_RENDERERS: Record<PartnerKind, Renderer> = {
  // Rendered as the partner is when sent: a step moved to another date since is that date's, not this one's.
  [NEXT_STEP_KIND]: (row, snapshot) => {
    const about = parseNextStepAbout(row.about);
    const partner = about ? snapshot.table('Partners').byId(about.partnerId)?.values : undefined;
    if (!about || !partner?.partnerId || !row.to) return skip(`no partner ${row.about ?? ''}`);
    const zone = snapshot.timeZone;
    if (partner.nextStepOn?.setZone(zone).toISODate() !== about.day)
      return skip(`the next step is no longer for ${about.day}`);
    if (!partner.nextStep?.trim()) return skip('no Next step any more');
    return post(
      row.to,
      nextStepMessage({
        partner: partner.name ?? '',
        nextStep: partner.nextStep,
        ...(partner.stage ? { stage: partner.stage } : {}),
        ...(partner.contact ? { contact: partner.contact } : {}),
        ...(isUserId(row.to) ? {} : { unknownOwner: partner.owner ?? '' }),
        on: DateTime.fromISO(about.day, { zone }),
        timeZone: zone,
      }),
    );
  },
};
