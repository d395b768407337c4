/**
 * Small hand-written word lists for the generated benchmark site (tr, ru, kk, en). Pages are made
 * of pseudo-sentences drawn from these with a seeded PRNG: realistic scripts, diacritics and word
 * lengths for the extractor, language detector and tokenizer, without shipping any real text.
 */

export type Lang = 'tr' | 'ru' | 'kk' | 'en';
export const LANGS: readonly Lang[] = ['tr', 'ru', 'kk', 'en'];

const split = (text: string): readonly string[] => text.trim().split(/\s+/);

export const WORDS: Record<Lang, readonly string[]> = {
  tr: split(`
    ve bir bu için ile olarak daha çok ancak gibi kadar sonra önce şimdi yeni büyük küçük önemli
    cumhurbaşkanı hükümet bakanlık meclis seçim ekonomi piyasa enflasyon faiz bütçe yatırım ihracat
    ithalat enerji doğalgaz petrol elektrik ulaştırma demiryolu liman havalimanı köprü proje anlaşma
    işbirliği görüşme ziyaret açıklama toplantı zirve heyet büyükelçi dışişleri savunma güvenlik
    ordu sınır bölge şehir ilçe köy belediye vali halk vatandaş öğrenci öğretmen okul üniversite
    hastane doktor sağlık aşı tedavi araştırma bilim teknoloji yazılım internet dijital platform
    şirket sektör üretim fabrika tarım buğday pamuk hayvancılık çiftçi su baraj iklim kuraklık yağış
    kültür sanat sergi müze tiyatro festival konser film yazar kitap gazete televizyon haber muhabir
    spor maç takım şampiyona futbol güreş olimpiyat antrenör oyuncu gol zafer yenilgi puan lig
    Kazakistan Türkiye Rusya Türkmenistan Özbekistan Kırgızistan Azerbaycan Ankara Astana Moskova
    İstanbul Almatı Aşkabat Bakü Taşkent geçen yıl bugün yarın hafta ay mart nisan ekim kasım aralık
    milyon milyar yüzde oranında artış düşüş rekor seviye hedef plan program strateji karar yasa
    değişiklik reform düzenleme kapsamında çerçevesinde doğrultusunda tarafından nedeniyle rağmen
    göre karşı arasında üzerinde içinde dışında birlikte yaklaşık özellikle ayrıca böylece dolayısıyla
    açıkladı belirtti vurguladı söyledi ifade etti kaydetti bildirdi duyurdu imzaladı başlattı
    tamamladı gerçekleştirdi katıldı değerlendirdi görüştü ele aldı inceledi destekledi güçlendirdi
    ilişkilerin ortaklığın gelişmesi güçlenmesi artırılması sağlanması yapılması kurulması açılması
  `),
  ru: split(`
    и в на с по для что это как из от до после перед также однако уже еще очень новый большой
    важный президент правительство министерство парламент выборы экономика рынок инфляция ставка
    бюджет инвестиции экспорт импорт энергетика газ нефть электричество транспорт железная дорога
    порт аэропорт мост проект соглашение сотрудничество переговоры визит заявление встреча саммит
    делегация посол министр оборона безопасность армия граница регион город район село мэрия
    губернатор население граждане студенты учителя школа университет больница врач здоровье
    вакцина лечение исследование наука технологии программа интернет цифровой платформа компания
    отрасль производство завод сельское хозяйство пшеница хлопок животноводство фермеры вода
    плотина климат засуха осадки культура искусство выставка музей театр фестиваль концерт фильм
    писатель книга газета телевидение новости корреспондент спорт матч команда чемпионат футбол
    борьба олимпиада тренер игрок гол победа поражение очки лига Казахстан Турция Россия
    Туркменистан Узбекистан Кыргызстан Азербайджан Анкара Астана Москва Стамбул Алматы Ашхабад
    Баку Ташкент прошлый год сегодня завтра неделя месяц март апрель октябрь ноябрь декабрь
    миллион миллиард процент рост снижение рекорд уровень цель план стратегия решение закон
    изменение реформа регулирование рамках соответствии результате причине несмотря согласно
    против между над внутри вместе около особенно кроме того таким образом заявил отметил
    подчеркнул сообщил объявил подписал начал завершил провел принял участие обсудил рассмотрел
    поддержал укрепил отношений партнерства развития укрепления увеличения обеспечения создания
  `),
  kk: split(`
    және бір бұл үшін мен ретінде тағы өте бірақ сияқты дейін кейін бұрын қазір жаңа үлкен кіші
    маңызды Президент үкімет министрлік парламент сайлау экономика нарық инфляция мөлшерлеме бюджет
    инвестиция экспорт импорт энергетика газ мұнай электр көлік теміржол порт әуежай көпір жоба
    келісім ынтымақтастық келіссөз сапар мәлімдеме кездесу саммит делегация елші сыртқы істер
    қорғаныс қауіпсіздік әскер шекара өңір қала аудан ауыл әкімдік әкім халық азаматтар студенттер
    мұғалімдер мектеп университет аурухана дәрігер денсаулық вакцина емдеу зерттеу ғылым технология
    бағдарлама интернет цифрлық платформа компания сала өндіріс зауыт ауыл шаруашылығы бидай мақта
    мал шаруашылығы фермерлер су бөген климат құрғақшылық жауын мәдениет өнер көрме мұражай театр
    фестиваль концерт фильм жазушы кітап газет теледидар жаңалықтар тілші спорт матч команда
    чемпионат футбол күрес олимпиада жаттықтырушы ойыншы гол жеңіс жеңіліс ұпай лига Қазақстан
    Түркия Ресей Түрікменстан Өзбекстан Қырғызстан Әзербайжан Анкара Астана Мәскеу Стамбұл Алматы
    Ашхабад Баку Ташкент өткен жылы бүгін ертең апта ай наурыз сәуір қазан қараша желтоқсан
    миллион миллиард пайыз өсу төмендеу рекорд деңгей мақсат жоспар стратегия шешім заң өзгеріс
    реформа реттеу аясында сәйкес нәтижесінде себебінен қарамастан бойынша қарсы арасында үстінде
    ішінде бірге шамамен әсіресе сонымен қатар осылайша мәлімдеді атап өтті баса айтты хабарлады
    жариялады қол қойды бастады аяқтады өткізді қатысты талқылады қарастырды қолдады нығайтты
    қарым-қатынас әріптестік дамыту нығайту арттыру қамтамасыз ету құру ашу Тоқаев Ақорда
  `),
  en: split(`
    and a the this for with as more very but like until after before now new large small important
    president government ministry parliament election economy market inflation rate budget
    investment exports imports energy gas oil electricity transport railway port airport bridge
    project agreement cooperation talks visit statement meeting summit delegation ambassador foreign
    affairs defence security army border region city district village mayor governor people
    citizens students teachers school university hospital doctor health vaccine treatment research
    science technology software internet digital platform company sector production factory farming
    wheat cotton livestock farmers water dam climate drought rainfall culture art exhibition museum
    theatre festival concert film writer book newspaper television news correspondent sport match
    team championship football wrestling olympics coach player goal victory defeat points league
    Kazakhstan Turkey Russia Turkmenistan Uzbekistan Kyrgyzstan Azerbaijan Ankara Astana Moscow
    Istanbul Almaty Ashgabat Baku Tashkent last year today tomorrow week month March April October
    November December million billion percent growth decline record level target plan strategy
    decision law amendment reform regulation within framework according despite against between
    above inside together about especially also thus therefore said noted stressed reported
    announced signed launched completed held attended discussed considered supported strengthened
    relations partnership development strengthening increase ensuring establishment opening
  `),
};

/** Site chrome (menus, sidebar headings) per language. */
export const CHROME: Record<Lang, { site: string; home: string; sections: string[]; latest: string; mostRead: string; related: string; comments: string; footer: string; readMore: string }> = {
  tr: {
    site: 'Avrasya Haber', home: 'Ana Sayfa', sections: ['Dünya', 'Ekonomi', 'Kültür', 'Spor', 'Teknoloji', 'Sağlık', 'Eğitim', 'Yorum'],
    latest: 'Son Dakika', mostRead: 'En Çok Okunanlar', related: 'İlgili Haberler', comments: 'Yorumlar', footer: 'Tüm hakları saklıdır.', readMore: 'Devamını oku',
  },
  ru: {
    site: 'Евразия Новости', home: 'Главная', sections: ['Мир', 'Экономика', 'Культура', 'Спорт', 'Технологии', 'Здоровье', 'Образование', 'Мнения'],
    latest: 'Последние новости', mostRead: 'Самое читаемое', related: 'Похожие новости', comments: 'Комментарии', footer: 'Все права защищены.', readMore: 'Читать далее',
  },
  kk: {
    site: 'Еуразия Жаңалықтары', home: 'Басты бет', sections: ['Әлем', 'Экономика', 'Мәдениет', 'Спорт', 'Технология', 'Денсаулық', 'Білім', 'Пікір'],
    latest: 'Соңғы жаңалықтар', mostRead: 'Көп оқылғандар', related: 'Ұқсас жаңалықтар', comments: 'Пікірлер', footer: 'Барлық құқықтар қорғалған.', readMore: 'Толығырақ',
  },
  en: {
    site: 'Eurasia News', home: 'Home', sections: ['World', 'Economy', 'Culture', 'Sport', 'Technology', 'Health', 'Education', 'Opinion'],
    latest: 'Latest', mostRead: 'Most read', related: 'Related news', comments: 'Comments', footer: 'All rights reserved.', readMore: 'Read more',
  },
};

export const AUTHORS: Record<Lang, readonly string[]> = {
  tr: ['Abdullah Yiğit', 'Ayşe Demir', 'Mehmet Kaya', 'Elif Şahin', 'Can Öztürk', 'Zeynep Arslan'],
  ru: ['Анна Иванова', 'Сергей Петров', 'Мария Смирнова', 'Дмитрий Кузнецов', 'Ольга Попова'],
  kk: ['Айгүл Нұрланқызы', 'Ерлан Серікұлы', 'Динара Әлиева', 'Нұрсұлтан Бекұлы', 'Жанар Оспанова'],
  en: ['John Carter', 'Emily Stone', 'Daniel Brooks', 'Sarah Miller', 'Michael Reed'],
};
