/** Lower-cased words (letters and digits) of a text, in order: what the similarity selectors compare. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The words of an identifier, split at underscores, spaces and camelCase humps. */
export function identifierWords(name: string): string[] {
  return words(name.replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2'));
}
