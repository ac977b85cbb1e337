// Text utilities: code-point offsets, the word tokenizer and writing direction.

export { cpLength, cpSlice, cpToUtf16, isBmpOnly, locateWords, tokenTexts, tokensFromWords, utf16Index, utf16ToCp } from './code-points.js';
export { TOKENIZER_ID, tokenize } from './tokenize.js';
export { directionOf, directionOfLang, directionOfText, type Direction } from './direction.js';
