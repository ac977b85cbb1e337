// Text utilities: code-point offsets, the word tokenizer, writing direction, and a guess at a
// text's language (from its file name and letter trigrams).

export { cpLength, cpSlice, cpToUtf16, isBmpOnly, locateWords, tokenTexts, tokensFromWords, utf16Index, utf16ToCp } from './code-points.js';
export { TOKENIZER_ID, tokenize } from './tokenize.js';
export { directionOf, directionOfLang, directionOfText, type Direction } from './direction.js';
export { languageFromFileName, languageFromWords, type ContentGuess } from './language-id.js';
export { languageName } from './language-codes.js';
