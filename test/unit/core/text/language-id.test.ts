import { describe, expect, it } from 'vitest';
import { languageFromFileName, languageFromWords, languageName } from '../../../../src-main/core/text/index.js';

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

describe('language of a file name', () => {
  it('reads an ISO 639 code as the first or last part, a language name anywhere, in any case', () => {
    const cases: [string, string][] = [
      ['es.unlabelled.conll', 'es'],
      ['/data/conll2002/esp.testa', 'es'],
      ['ned.train', 'nl'],
      ['wikiann-Dutch-dev.txt', 'nl'],
      ['deu.train.conll', 'de'],
      ['C:\\corpora\\eng.testb', 'en'],
      ['news_spanish_2020.jsonl', 'es'],
      ['ar-news.txt', 'ar'],
      ['it-news.txt', 'it'],
      ['reviews-swe.jsonl', 'sv'],
      ['tweets_Swahili.txt', 'sw'],
      ['yoruba-ner-train.conll', 'yo'],
      ['cmn.dev.conll', 'zh'],
      ['hnj.train', 'hnj'],
    ];
    for (const [file, lang] of cases) expect(languageFromFileName(file), file).toBe(lang);
  });

  it('says nothing for a name without a language, nor for a code that is a word inside it', () => {
    for (const file of [
      'train.conll',
      'corpus-2024.jsonl',
      'x.txt',
      'how-to-train.txt',
      'the-data-for-dev.txt',
      'dev.txt',
      'label-mono.txt',
    ])
      expect(languageFromFileName(file), file).toBeNull();
  });
});

describe('language of the words', () => {
  it('tells languages apart by their letter trigrams, including ones with no special handling', () => {
    const cases: [string, string][] = [
      [
        'de',
        'Der Präsident des Unternehmens sagte am Montag, dass es ein gutes Jahr für die Bank und ihre Kunden in Berlin gewesen sei. Die Zahlen für das nächste Quartal werden im Frühjahr veröffentlicht, und die Aktionäre erwarten eine höhere Dividende als im letzten Jahr.',
      ],
      [
        'fr',
        "Le président de la société a déclaré lundi que l'année avait été bonne pour la banque et ses clients à Paris. Les chiffres du prochain trimestre seront publiés au printemps, et les actionnaires attendent un dividende plus élevé que l'an dernier, comme tous les ans.",
      ],
      [
        'pt',
        'O presidente da empresa disse na segunda-feira que o ano foi bom para o banco e os seus clientes em Lisboa. Os números do próximo trimestre serão publicados na primavera, e os acionistas esperam um dividendo maior do que no ano passado, como sempre acontece.',
      ],
      [
        'it',
        "Il presidente della società ha detto lunedì che è stato un buon anno per la banca e per i suoi clienti a Roma. I dati del prossimo trimestre saranno pubblicati in primavera, e gli azionisti si aspettano un dividendo più alto dell'anno scorso, come sempre.",
      ],
      [
        'sv',
        'Företagets ordförande sa på måndagen att det hade varit ett bra år för banken och dess kunder i Stockholm. Siffrorna för nästa kvartal publiceras under våren, och aktieägarna väntar sig en högre utdelning än förra året, precis som vanligt i maj. Banken har också öppnat tre nya kontor.',
      ],
      [
        'tr',
        'Şirketin başkanı pazartesi günü yaptığı açıklamada, bu yılın banka ve İstanbul’daki müşterileri için iyi bir yıl olduğunu söyledi. Gelecek çeyreğin rakamları ilkbaharda yayımlanacak ve hissedarlar geçen yıldan daha yüksek bir temettü bekliyor.' +
          ' Banka bu yıl üç yeni şube açtı.',
      ],
      [
        'vi',
        'Chủ tịch công ty cho biết vào thứ Hai rằng đây là một năm tốt đẹp đối với ngân hàng và các khách hàng của họ ở Hà Nội. Số liệu của quý tới sẽ được công bố vào mùa xuân, và các cổ đông đang chờ đợi một mức cổ tức cao hơn năm ngoái.' +
          ' Ngân hàng cũng đã mở thêm ba chi nhánh mới.',
      ],
      [
        'ru',
        'Президент компании сказал в понедельник, что это был хороший год для банка и его клиентов в Москве. Данные за следующий квартал будут опубликованы весной, и акционеры ожидают более высоких дивидендов, чем в прошлом году.' +
          ' Банк также открыл три новых отделения.',
      ],
      [
        'ar',
        'قال رئيس الشركة يوم الاثنين إن هذا العام كان جيدا للبنك وعملائه في القاهرة. وستنشر أرقام الربع القادم في الربيع، ويتوقع المساهمون أرباحا أعلى من العام الماضي.' +
          ' وافتتح البنك ثلاثة فروع جديدة هذا العام في الإسكندرية وأسوان والأقصر، وسيفتتح فرعين آخرين في العام المقبل.',
      ],
      [
        'id',
        'Presiden perusahaan itu mengatakan pada hari Senin bahwa tahun ini adalah tahun yang baik bagi bank dan para nasabahnya di Jakarta. Angka untuk kuartal berikutnya akan diterbitkan pada musim semi, dan para pemegang saham mengharapkan dividen yang lebih tinggi.' +
          ' Bank itu juga telah membuka tiga kantor cabang baru di Surabaya dan Bandung tahun ini.',
      ],
      [
        'da',
        'Virksomhedens direktør sagde mandag, at det havde været et godt år for banken og dens kunder i København. Tallene for det næste kvartal bliver offentliggjort til foråret, og aktionærerne venter et højere udbytte end sidste år, som de plejer.' +
          ' Banken har også åbnet tre nye filialer i Aarhus og Odense i år.',
      ],
      [
        'fi',
        'Yhtiön toimitusjohtaja sanoi maanantaina, että vuosi oli ollut hyvä pankille ja sen asiakkaille Helsingissä. Seuraavan neljänneksen luvut julkaistaan keväällä, ja osakkeenomistajat odottavat suurempaa osinkoa kuin viime vuonna.' +
          ' Pankki avasi tänä vuonna myös kolme uutta konttoria Tampereella ja Turussa.',
      ],
      [
        'ca',
        "El president de l'empresa va dir dilluns que havia estat un bon any per al banc i els seus clients a Barcelona. Les xifres del proper trimestre es publicaran a la primavera, i els accionistes esperen un dividend més alt que l'any passat, com sempre." +
          ' El banc també ha obert tres oficines noves a Girona i a Lleida aquest any.',
      ],
    ];
    for (const [lang, text] of cases) expect(languageFromWords(words(text))?.lang, text).toBe(lang);
    expect(languageFromWords(words(cases[0]![1]))?.why).toMatch(/^its letter trigrams \(franc\), 0\.\d\d ahead of \w+/);
  });

  it('names a language by a script only it writes, however short', () => {
    expect(languageFromWords(words('公司 总裁 说 今年 对 银行 来说 是 好 的 一年'))).toEqual({
      lang: 'zh',
      why: 'its script, which only Chinese uses here (franc)',
    });
    expect(languageFromWords(words('会社 の 社長 は 銀行 に とって 良い 年 だった と 述べた'))?.lang).toBe('ja');
    expect(languageFromWords(words('회사 사장은 올해가 은행에 좋은 해였다고 말했다'))?.lang).toBe('ko');
    expect(languageFromWords(words('Ο πρόεδρος της εταιρείας είπε ότι ήταν καλή χρονιά'))?.lang).toBe('el');
  });

  it('says nothing when the words do not tell: too little text, numbers, or names alone', () => {
    expect(languageFromWords([])).toBeNull();
    expect(languageFromWords(words('El presidente de la empresa y los clientes'))).toBeNull();
    expect(languageFromWords(words('12 345 6789 2020-01-01 3.14 ( ) , .'.repeat(40)))).toBeNull();
    expect(languageFromWords(words('Karl Ove Knausgård ( 1968 ) Antawn Jamison'))).toBeNull();
  });
});

describe('language names', () => {
  it('names any living language by its ISO 639-1 or 639-3 code', () => {
    expect(languageName('es')).toBe('Spanish');
    expect(languageName('el')).toBe('Greek');
    expect(languageName('hnj')).toBe('Hmong Njua');
    expect(languageName('zlm')).toBe('Malay');
    expect(languageName('pt-BR')).toBe('Brazilian Portuguese');
    expect(languageName('qqq')).toBeNull();
  });
});
