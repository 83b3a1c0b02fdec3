import type { PublishedSet } from './PublishedSet.ts';

export const GITHUB_RAW_BASE = 'https://raw.githubusercontent.com';

/** `<base>/<owner>/<repo>/<commit>/<path>`: the raw file at the pinned commit (base injectable for tests). */
export function rawFileUrl(set: Pick<PublishedSet, 'repo' | 'commit' | 'path'>, base: string = GITHUB_RAW_BASE): string {
  const encode = (p: string): string => p.split('/').map(encodeURIComponent).join('/');
  return `${base.replace(/\/+$/, '')}/${encode(set.repo)}/${set.commit}/${encode(set.path)}`;
}
