import { describe, expect, it } from 'vitest';
import { nltkWordTokenize } from '../../../src/sql/parse/_internals/nltkWordTokenize.ts';
import { punktSentences } from '../../../src/sql/parse/_internals/punktSentences.ts';

// Expected tokens are NLTK's own doctests (nltk/test/tokenize.doctest and the
// nltk.tokenize module docstring), i.e. what Python's word_tokenize returns.
const DOCTESTS: ReadonlyArray<readonly [string, readonly string[]]> = [
  [
    'On a $50,000 mortgage of 30 years at 8 percent, the monthly payment would be $366.88.',
    ['On', 'a', '$', '50,000', 'mortgage', 'of', '30', 'years', 'at', '8', 'percent', ',', 'the', 'monthly', 'payment', 'would', 'be', '$', '366.88', '.'],
  ],
  [
    '"We beat some pretty good teams to get here," Slocum said.',
    ['``', 'We', 'beat', 'some', 'pretty', 'good', 'teams', 'to', 'get', 'here', ',', "''", 'Slocum', 'said', '.'],
  ],
  [
    'Well, we couldn\'t have this predictable, cliche-ridden, "Touched by an Angel" (a show creator John Masius worked on) wanna-be if she didn\'t.',
    ['Well', ',', 'we', 'could', "n't", 'have', 'this', 'predictable', ',', 'cliche-ridden', ',', '``', 'Touched', 'by', 'an', 'Angel', "''", '(', 'a', 'show', 'creator', 'John', 'Masius', 'worked', 'on', ')', 'wanna-be', 'if', 'she', 'did', "n't", '.'],
  ],
  ['I cannot cannot work under these conditions!', ['I', 'can', 'not', 'can', 'not', 'work', 'under', 'these', 'conditions', '!']],
  ['The company spent $30,000,000 last year.', ['The', 'company', 'spent', '$', '30,000,000', 'last', 'year', '.']],
  ['The company spent 40.75% of its income last year.', ['The', 'company', 'spent', '40.75', '%', 'of', 'its', 'income', 'last', 'year', '.']],
  ['He arrived at 3:00 pm.', ['He', 'arrived', 'at', '3:00', 'pm', '.']],
  ['I bought these items: books, pencils, and pens.', ['I', 'bought', 'these', 'items', ':', 'books', ',', 'pencils', ',', 'and', 'pens', '.']],
  ['Though there were 150, 100 of them were old.', ['Though', 'there', 'were', '150', ',', '100', 'of', 'them', 'were', 'old', '.']],
  ["There were 300,000, but that wasn't enough.", ['There', 'were', '300,000', ',', 'but', 'that', 'was', "n't", 'enough', '.']],
  ["It's more'n enough.", ['It', "'s", 'more', "'n", 'enough', '.']],
  ['\xabNow that I can do.\xbb', ['\xab', 'Now', 'that', 'I', 'can', 'do', '.', '\xbb']],
  [
    'The unicode 201C and 201D \u201cLEFT(RIGHT) DOUBLE QUOTATION MARK\u201d is also OPEN_PUNCT and CLOSE_PUNCT.',
    ['The', 'unicode', '201C', 'and', '201D', '\u201c', 'LEFT', '(', 'RIGHT', ')', 'DOUBLE', 'QUOTATION', 'MARK', '\u201d', 'is', 'also', 'OPEN_PUNCT', 'and', 'CLOSE_PUNCT', '.'],
  ],
  [
    'Good muffins cost $3.88\nin New York.  Please buy me\ntwo of them.\n\nThanks.',
    ['Good', 'muffins', 'cost', '$', '3.88', 'in', 'New', 'York', '.', 'Please', 'buy', 'me', 'two', 'of', 'them', '.', 'Thanks', '.'],
  ],
];

describe('nltkWordTokenize (NLTK word_tokenize)', () => {
  it.each(DOCTESTS)('%j', (text, expected) => {
    expect(nltkWordTokenize(text)).toEqual(expected);
  });

  it('splits sentences as the sent_tokenize doctest does', () => {
    expect(punktSentences('Good muffins cost $3.88\nin New York.  Please buy me\ntwo of them.\n\nThanks.')).toEqual([
      'Good muffins cost $3.88\nin New York.',
      'Please buy me\ntwo of them.',
      'Thanks.',
    ]);
  });
});
