import { describe, expect, it } from 'vitest';
import { languageFromFileName, languageFromWords } from '../../../../src-main/core/text/index.js';

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

describe('language of a file name', () => {
  it('reads a code or a name in any part of the name, in any case', () => {
    expect(languageFromFileName('es.unlabelled.conll')).toBe('es');
    expect(languageFromFileName('/data/conll2002/esp.testa')).toBe('es');
    expect(languageFromFileName('ned.train')).toBe('nl');
    expect(languageFromFileName('wikiann-Dutch-dev.txt')).toBe('nl');
    expect(languageFromFileName('deu.train.conll')).toBe('de');
    expect(languageFromFileName('C:\\corpora\\eng.testb')).toBe('en');
    expect(languageFromFileName('news_spanish_2020.jsonl')).toBe('es');
    expect(languageFromFileName('ar-news.txt')).toBe('ar');
  });

  it('says nothing for a name without a language', () => {
    expect(languageFromFileName('train.conll')).toBeNull();
    expect(languageFromFileName('corpus-2024.jsonl')).toBeNull();
    expect(languageFromFileName('x.txt')).toBeNull();
  });
});

describe('language of the words', () => {
  it('tells Latin-script languages apart by their function words, shared words counting less', () => {
    const cases: [string, string][] = [
      ['en', 'The president of the company said that it was a good year for the bank and its customers in London'],
      ['es', 'El presidente de la empresa dijo que fue un buen año para el banco y los clientes en Madrid'],
      ['pt', 'O presidente da empresa disse que foi um bom ano para o banco e os clientes em Lisboa, não em Porto'],
      ['fr', 'Le président de la société a dit que ce fut une bonne année pour la banque et les clients dans Paris'],
      ['it', 'Il presidente della società ha detto che è stato un buon anno per la banca e per i clienti di Roma'],
      ['ca', 'El president de la empresa va dir que és un bon any per al banc i els clients amb Barcelona'],
      ['de', 'Der Präsident des Unternehmens sagte, dass es ein gutes Jahr für die Bank und die Kunden in Berlin war'],
      ['nl', 'De voorzitter van het bedrijf zei dat het een goed jaar was voor de bank en de klanten in Amsterdam'],
      ['sv', 'Ordföranden för företaget sa att det var ett bra år för banken och kunderna i Stockholm'],
      ['pl', 'Prezes firmy powiedział, że to był dobry rok dla banku i jego klientów w Warszawie oraz w Krakowie'],
      ['tr', 'Şirketin başkanı bu yılın banka ve müşteriler için çok iyi bir yıl olduğunu söyledi ve da'],
      ['id', 'Presiden perusahaan itu mengatakan bahwa ini adalah tahun yang baik untuk bank dan nasabah di Jakarta'],
      ['fi', 'Yhtiön puheenjohtaja sanoi, että se oli hyvä vuosi pankille ja myös asiakkaille, mutta ei kaikille'],
    ];
    for (const [lang, text] of cases) expect(languageFromWords(words(text))?.lang, text).toBe(lang);
    expect(languageFromWords(words('El presidente de la empresa y los clientes'))?.why).toMatch(/^Spanish function words \(/);
  });

  it('tells a language by its script, and Ukrainian, Bulgarian and Persian within theirs', () => {
    expect(languageFromWords(words('Президент компании сказал, что это был хороший год для банка'))?.lang).toBe('ru');
    expect(languageFromWords(words('Президент компанії сказав, що це був гарний рік для банку і клієнтів'))?.lang).toBe('uk');
    expect(languageFromWords(words('Президентът на компанията каза, че това е добра година за банката'))?.lang).toBe('bg');
    expect(languageFromWords(words('قال رئيس الشركة إن هذا العام كان جيدا للبنك'))).toEqual({ lang: 'ar', why: 'Arabic script' });
    expect(languageFromWords(words('رئیس شرکت گفت که این سال برای بانک خوب بود'))?.lang).toBe('fa');
    expect(languageFromWords(words('公司 总裁 说 今年 对 银行 来说 是 好 的 一年'))?.lang).toBe('zh');
    expect(languageFromWords(words('会社 の 社長 は 銀行 に とって 良い 年 だった と 述べた'))?.lang).toBe('ja');
    expect(languageFromWords(words('회사 사장은 올해가 은행에 좋은 해였다고 말했다'))?.lang).toBe('ko');
    expect(languageFromWords(words('Ο πρόεδρος της εταιρείας είπε ότι ήταν καλή χρονιά'))?.lang).toBe('el');
    expect(languageFromWords(words('कंपनी के अध्यक्ष ने कहा कि यह बैंक के लिए अच्छा साल था'))?.lang).toBe('hi');
    expect(languageFromWords(words('נשיא החברה אמר שזו הייתה שנה טובה לבנק'))?.lang).toBe('he');
  });

  it('says nothing when the words do not tell: names only, or too few words, or a tie', () => {
    expect(languageFromWords(words('Karl Ove Knausgård ( 1968 ) Antawn Jamison'))).toBeNull();
    expect(languageFromWords([])).toBeNull();
    expect(languageFromWords(words('de la'))).toBeNull();
    // A stray Cyrillic name in English text does not make it Russian.
    expect(languageFromWords(words('The interview with Путин was broadcast in the evening and the morning'))?.lang).toBe('en');
  });
});
