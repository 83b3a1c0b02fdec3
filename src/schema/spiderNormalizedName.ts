/** Spider's natural-language form of an identifier: lower-cased, underscores as spaces. */
export function spiderNormalizedName(name: string): string {
  return name.toLowerCase().replaceAll('_', ' ');
}
