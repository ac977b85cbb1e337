// Text utilities: code-point offsets, the word tokenizer, writing direction, a guess at a text's
// language (from its file name and letter trigrams), and a language's letter-case conventions
// learnt from its text.

export { cpLength, cpSlice, cpToUtf16, isBmpOnly, locateWords, tokenTexts, tokensFromWords, utf16Index, utf16ToCp } from './code-points.js';
export { TOKENIZER_ID, tokenize } from './tokenize.js';
export { directionOf, directionOfLang, directionOfText, type Direction } from './direction.js';
export { languageFromFileName, languageFromWords, type ContentGuess } from './language-id.js';
export { languageName } from './language-codes.js';
export {
  CasingProfile,
  caseShape,
  commonSourceWords,
  commonTranslations,
  withShape,
  wordPositions,
  type CaseShape,
  type WordCasing,
  type WordPosition,
} from './casing-profile.js';
export { casingConventions, type CommonWordEvidence } from './casing-conventions.js';
