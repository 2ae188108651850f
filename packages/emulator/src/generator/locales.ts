import type { Currency, Person } from '../model.ts';

/**
 * The countries buyers come from, with what a realistic record needs: names, places, the currency their offers
 * are priced in, the locale Hotmart reports, phone and document conventions. Weights follow a Brazilian
 * producer's typical audience (mostly Brazil, then Latin America, Iberia and English speakers).
 *
 * @example
 * const brazil: CountryProfile = COUNTRIES[0]!;
 * brazil.currency; // 'BRL'
 */
export interface CountryProfile {
  iso: string;
  /** Country name as Hotmart writes it in addresses (Portuguese for Brazil, as in the samples). */
  name: string;
  weight: number;
  currency: Currency;
  locale: string;
  phoneCode: string;
  documentType: Person['document_type'];
  firstNames: readonly string[];
  lastNames: readonly string[];
  /** `[city, state]` pairs. */
  cities: readonly (readonly [string, string])[];
  streets: readonly string[];
  neighborhoods: readonly string[];
  zipDigits: number;
}

const BR_FIRST = [
  'Ana',
  'Beatriz',
  'Camila',
  'Daniela',
  'Eduarda',
  'Fernanda',
  'Gabriela',
  'Helena',
  'Isabela',
  'Juliana',
  'Larissa',
  'Mariana',
  'Natália',
  'Patrícia',
  'Rafaela',
  'Sofia',
  'Tatiane',
  'Vitória',
  'Bárbara',
  'Letícia',
  'André',
  'Bruno',
  'Carlos',
  'Diego',
  'Eduardo',
  'Felipe',
  'Gustavo',
  'Henrique',
  'Igor',
  'João',
  'Lucas',
  'Marcelo',
  'Nicolas',
  'Otávio',
  'Pedro',
  'Rafael',
  'Samuel',
  'Thiago',
  'Vinícius',
  'Ian',
] as const;
const BR_LAST = [
  'Silva',
  'Santos',
  'Oliveira',
  'Souza',
  'Rodrigues',
  'Ferreira',
  'Alves',
  'Pereira',
  'Lima',
  'Gomes',
  'Costa',
  'Ribeiro',
  'Martins',
  'Carvalho',
  'Almeida',
  'Lopes',
  'Soares',
  'Fernandes',
  'Vieira',
  'Barbosa',
  'Rocha',
  'Dias',
  'Nascimento',
  'Andrade',
  'Moreira',
  'Nunes',
  'Marques',
  'Machado',
  'Mendes',
  'Freitas',
  'Cardoso',
  'Baptista',
] as const;
const ES_FIRST = [
  'María',
  'Lucía',
  'Valentina',
  'Camila',
  'Daniela',
  'Sofía',
  'Isabel',
  'Paula',
  'Carmen',
  'Elena',
  'José',
  'Juan',
  'Luis',
  'Carlos',
  'Javier',
  'Miguel',
  'Alejandro',
  'Andrés',
  'Santiago',
  'Diego',
] as const;
const ES_LAST = [
  'García',
  'Rodríguez',
  'Martínez',
  'Hernández',
  'López',
  'González',
  'Pérez',
  'Sánchez',
  'Ramírez',
  'Torres',
  'Flores',
  'Rivera',
  'Gómez',
  'Díaz',
  'Morales',
  'Jiménez',
  'Ruiz',
  'Vargas',
  'Castro',
  'Ortiz',
] as const;
const EN_FIRST = [
  'Emma',
  'Olivia',
  'Ava',
  'Mia',
  'Charlotte',
  'Amelia',
  'Grace',
  'Chloe',
  'James',
  'Oliver',
  'William',
  'Henry',
  'Jack',
  'Noah',
  'Liam',
  'Ethan',
  'Daniel',
  'Matthew',
] as const;
const EN_LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Miller',
  'Davis',
  'Wilson',
  'Taylor',
  'Clark',
  'Walker',
  'Hall',
  'Young',
  'King',
  'Wright',
  'Green',
] as const;

/**
 * Every country buyers are drawn from, weights summing to 1.
 *
 * @example
 * COUNTRIES.map((country) => country.iso); // ['BR', 'MX', 'CO', 'ES', 'PT', 'US', 'GB']
 */
export const COUNTRIES: readonly CountryProfile[] = [
  {
    iso: 'BR',
    name: 'Brasil',
    weight: 0.72,
    currency: 'BRL',
    locale: 'pt_BR',
    phoneCode: '55',
    documentType: 'CPF',
    firstNames: BR_FIRST,
    lastNames: BR_LAST,
    cities: [
      ['São Paulo', 'SP'],
      ['Rio de Janeiro', 'RJ'],
      ['Belo Horizonte', 'MG'],
      ['Curitiba', 'PR'],
      ['Porto Alegre', 'RS'],
      ['Salvador', 'BA'],
      ['Recife', 'PE'],
      ['Fortaleza', 'CE'],
      ['Brasília', 'DF'],
      ['Goiânia', 'GO'],
      ['Campinas', 'SP'],
      ['Florianópolis', 'SC'],
      ['Campo Grande', 'MS'],
      ['Manaus', 'AM'],
      ['Belém', 'PA'],
    ],
    streets: [
      'Rua das Flores',
      'Avenida Paulista',
      'Rua XV de Novembro',
      'Rua Sete de Setembro',
      'Avenida Brasil',
      'Rua Carlos Fortunato Paiva',
      'Rua Bahia',
      'Avenida Boa Viagem',
      'Rua da Consolação',
      'Rua Augusta',
    ],
    neighborhoods: [
      'Centro',
      'Jardim América',
      'Boa Viagem',
      'Savassi',
      'Moinhos de Vento',
      'Vila Mariana',
      'Batel',
    ],
    zipDigits: 8,
  },
  {
    iso: 'MX',
    name: 'México',
    weight: 0.07,
    currency: 'MXN',
    locale: 'es_MX',
    phoneCode: '52',
    documentType: 'RFC',
    firstNames: ES_FIRST,
    lastNames: ES_LAST,
    cities: [
      ['Ciudad de México', 'CDMX'],
      ['Guadalajara', 'JAL'],
      ['Monterrey', 'NL'],
      ['Puebla', 'PUE'],
      ['Mérida', 'YUC'],
    ],
    streets: ['Avenida Reforma', 'Calle Madero', 'Avenida Insurgentes', 'Calle Hidalgo', 'Avenida Juárez'],
    neighborhoods: ['Polanco', 'Roma Norte', 'Condesa', 'Centro', 'Del Valle'],
    zipDigits: 5,
  },
  {
    iso: 'CO',
    name: 'Colombia',
    weight: 0.05,
    currency: 'COP',
    locale: 'es_CO',
    phoneCode: '57',
    documentType: 'DNI',
    firstNames: ES_FIRST,
    lastNames: ES_LAST,
    cities: [
      ['Bogotá', 'DC'],
      ['Medellín', 'ANT'],
      ['Cali', 'VAC'],
      ['Barranquilla', 'ATL'],
    ],
    streets: ['Carrera 7', 'Calle 72', 'Avenida El Poblado', 'Carrera 43A', 'Calle 10'],
    neighborhoods: ['Chapinero', 'El Poblado', 'Laureles', 'Usaquén', 'Granada'],
    zipDigits: 6,
  },
  {
    iso: 'ES',
    name: 'España',
    weight: 0.04,
    currency: 'EUR',
    locale: 'es_ES',
    phoneCode: '34',
    documentType: 'DNI',
    firstNames: ES_FIRST,
    lastNames: ES_LAST,
    cities: [
      ['Madrid', 'MD'],
      ['Barcelona', 'CT'],
      ['Valencia', 'VC'],
      ['Sevilla', 'AN'],
    ],
    streets: ['Calle Mayor', 'Gran Vía', 'Paseo de Gracia', 'Calle de Alcalá', 'Avenida de la Constitución'],
    neighborhoods: ['Centro', 'Salamanca', 'Eixample', 'Triana', 'Ruzafa'],
    zipDigits: 5,
  },
  {
    iso: 'PT',
    name: 'Portugal',
    weight: 0.03,
    currency: 'EUR',
    locale: 'pt_PT',
    phoneCode: '351',
    documentType: 'DOCUMENT',
    firstNames: BR_FIRST,
    lastNames: BR_LAST,
    cities: [
      ['Lisboa', 'LI'],
      ['Porto', 'PO'],
      ['Braga', 'BR'],
      ['Coimbra', 'CO'],
    ],
    streets: ['Rua Augusta', 'Avenida da Liberdade', 'Rua de Santa Catarina', 'Rua do Ouro'],
    neighborhoods: ['Baixa', 'Alfama', 'Cedofeita', 'Belém'],
    zipDigits: 7,
  },
  {
    iso: 'US',
    name: 'United States',
    weight: 0.06,
    currency: 'USD',
    locale: 'en_US',
    phoneCode: '1',
    documentType: 'PASSPORT',
    firstNames: EN_FIRST,
    lastNames: EN_LAST,
    cities: [
      ['New York', 'NY'],
      ['Miami', 'FL'],
      ['Austin', 'TX'],
      ['San Francisco', 'CA'],
      ['Boston', 'MA'],
    ],
    streets: ['Main Street', 'Broadway', 'Ocean Drive', 'Market Street', 'Congress Avenue'],
    neighborhoods: ['Downtown', 'Midtown', 'Brickell', 'Mission', 'Back Bay'],
    zipDigits: 5,
  },
  {
    iso: 'GB',
    name: 'United Kingdom',
    weight: 0.03,
    currency: 'USD',
    locale: 'en_GB',
    phoneCode: '44',
    documentType: 'PASSPORT',
    firstNames: EN_FIRST,
    lastNames: EN_LAST,
    cities: [
      ['London', 'ENG'],
      ['Manchester', 'ENG'],
      ['Edinburgh', 'SCT'],
    ],
    streets: ['High Street', 'Baker Street', 'Oxford Road', 'Princes Street'],
    neighborhoods: ['Camden', 'Shoreditch', 'Northern Quarter', 'Leith'],
    zipDigits: 6,
  },
];

/** Cumulative weights of `COUNTRIES`, for picking a country from one uniform draw. */
const CUMULATIVE = COUNTRIES.reduce<number[]>((acc, country) => {
  acc.push((acc[acc.length - 1] ?? 0) + country.weight);
  return acc;
}, []);

/**
 * The country for a uniform draw in [0, 1).
 *
 * @example
 * countryFor(0.1).iso; // 'BR'
 */
export function countryFor(draw: number): CountryProfile {
  const total = CUMULATIVE[CUMULATIVE.length - 1] ?? 1;
  const roll = draw * total;
  for (let i = 0; i < CUMULATIVE.length; i++) {
    if (roll < (CUMULATIVE[i] as number)) return COUNTRIES[i] as CountryProfile;
  }
  return COUNTRIES[COUNTRIES.length - 1] as CountryProfile;
}

/** Slugs already computed, by separator and text (see `slugify`). */
const SLUGS = new Map<string, string>();
const MAX_SLUGS = 10_000;

/**
 * Lower-cases and strips accents, spaces and punctuation: names become e-mail local parts and subdomains.
 *
 * @example
 * slugify('Natália Gonçalves', '.'); // 'natalia.goncalves'
 */
export function slugify(text: string, separator = '-'): string {
  const key = `${separator}\u0000${text}`;
  const cached = SLUGS.get(key);
  if (cached !== undefined) return cached;
  const slug = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .replace(new RegExp(`^\\${separator}+|\\${separator}+$`, 'g'), '');
  // Slugs are of names from the locale lists (every buyer e-mail is built from two), a small set: remembering
  // them spares a Unicode normalisation and four regular expressions per e-mail. Bounded all the same.
  if (SLUGS.size >= MAX_SLUGS) SLUGS.clear();
  SLUGS.set(key, slug);
  return slug;
}
