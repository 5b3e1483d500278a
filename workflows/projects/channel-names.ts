/**
 * A project's new channel is named from its title: lower case, each run of anything but a-z and 0-9 a single
 * `-`, at most 80 characters (Slack's limit). When Slack says the name is taken, `-2`, `-3`… are tried.
 */
export const MAX_CHANNEL_NAME = 80;
/** How many names are tried before the kick-off gives up for this attempt (it is tried again later). */
export const CHANNEL_NAME_TRIES = 20;

/** `Community garden app!` → `community-garden-app`; a title with no latin letter or digit → `project-7`. */
export function channelNameFrom(title: string, projectId: string): string {
  const name = title
    .normalize('NFKD')
    // Accents fall away (`Café` → `cafe`) rather than split the word.
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_CHANNEL_NAME)
    .replace(/-+$/, '');
  if (name) return name;
  const digits = /\d+/.exec(projectId)?.[0];
  return digits ? `project-${digits}` : 'project';
}

/** The names to try in order: the name itself, then `-2`, `-3`…, each cut to fit 80 characters. */
export function channelNameCandidates(name: string, tries = CHANNEL_NAME_TRIES): string[] {
  const names = [name.slice(0, MAX_CHANNEL_NAME)];
  for (let n = 2; n <= tries; n++) {
    const suffix = `-${n}`;
    const base = name.slice(0, MAX_CHANNEL_NAME - suffix.length).replace(/-+$/, '');
    names.push(`${base}${suffix}`);
  }
  return names;
}
