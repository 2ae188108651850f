import type { Address, Affiliate, Buyer, CoProducer, Producer } from '../model.ts';
import { personUcode, ucodeIndex } from './codes.ts';
import { COUNTRIES, type CountryProfile, countryFor, slugify } from './locales.ts';
import { hash32, Rng, unit } from './random.ts';

/**
 * Ucode kinds: each person family gets its own ucode space.
 *
 * @example
 * const ucode = personUcode(seed, UCODE_KIND.buyer, 42, true);
 */
export const UCODE_KIND = { buyer: 1, affiliate: 2, coProducer: 3, producer: 4 } as const;

const STREAM_BUYER = 0xb0e7;
const STREAM_BUYER_COUNTRY = 0xb0e8;

/**
 * E-mail domains are the reserved `example.*` names (RFC 2606): the emulator feeds demos and automations that
 * send e-mail, and a generated address must never reach a real mailbox.
 */
const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example.com'] as const;

const BRAZIL = COUNTRIES[0] as CountryProfile;

/**
 * A CPF with valid check digits (Brazil's individual taxpayer number), so validators in the agent accept it.
 *
 * @example
 * cpf(new Rng(1)); // '68658197646'-like, 11 digits
 */
export function cpf(rng: Rng): string {
  const digits: number[] = [];
  for (let i = 0; i < 9; i++) digits.push(rng.int(0, 9));
  for (const length of [9, 10]) {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += (digits[i] as number) * (length + 1 - i);
    const rest = (sum * 10) % 11;
    digits.push(rest === 10 ? 0 : rest);
  }
  return digits.join('');
}

/**
 * A CNPJ with valid check digits (Brazil's company taxpayer number).
 *
 * @example
 * cnpj(new Rng(1)).length; // 14
 */
export function cnpj(rng: Rng): string {
  const digits: number[] = [];
  for (let i = 0; i < 8; i++) digits.push(rng.int(0, 9));
  digits.push(0, 0, 0, 1);
  for (const weights of [
    [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2],
    [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2],
  ]) {
    let sum = 0;
    for (let i = 0; i < weights.length; i++) sum += (digits[i] as number) * (weights[i] as number);
    const rest = sum % 11;
    digits.push(rest < 2 ? 0 : 11 - rest);
  }
  return digits.join('');
}

function digitsOf(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(rng.int(0, 9));
  return out;
}

function documentFor(rng: Rng, country: CountryProfile): string {
  switch (country.documentType) {
    case 'CPF':
      return cpf(rng);
    case 'RFC': {
      const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
      let out = '';
      for (let i = 0; i < 4; i++) out += rng.pick([...letters]);
      return `${out}${digitsOf(rng, 6)}${rng.alphanumeric(3).toUpperCase()}`;
    }
    case 'DNI':
      return country.iso === 'ES'
        ? `${digitsOf(rng, 8)}${rng.pick([...'TRWAGMYFPDXBNJZSQVHLCKE'])}`
        : digitsOf(rng, 10);
    case 'PASSPORT':
      return `${rng.pick([...'ABCDEFGHJKLMNPRSTUVWXYZ'])}${digitsOf(rng, 8)}`;
    default:
      return digitsOf(rng, 9);
  }
}

/**
 * A postal address in `country`.
 *
 * @example
 * const address = addressIn(new Rng(1), COUNTRIES[0]);
 */
export function addressIn(rng: Rng, country: CountryProfile): Address {
  const [city, state] = rng.pick(country.cities);
  const zip = digitsOf(rng, country.zipDigits);
  return {
    city,
    state,
    country: country.name,
    country_iso: country.iso,
    zip_code: country.iso === 'BR' ? `${zip.slice(0, 5)}-${zip.slice(5)}` : zip,
    address: rng.pick(country.streets),
    number: String(rng.int(1, 2999)),
    complement: rng.chance(0.3) ? `Apto ${rng.int(1, 30)}${rng.int(0, 1)}${rng.int(1, 4)}` : '',
    neighborhood: rng.pick(country.neighborhoods),
  };
}

/** A generated buyer's e-mail: the index keeps it unique and makes `indexOfEmail` arithmetic. */
function emailOf(rng: Rng, first: string, last: string, index: number): string {
  return `${slugify(first, '.')}.${slugify(last, '.')}${index}@${rng.pick(EMAIL_DOMAINS)}`;
}

function phoneIn(rng: Rng, country: CountryProfile): string {
  // Brazilian mobiles: two-digit area code, then 9 and eight digits.
  if (country.iso === 'BR') return `${rng.int(11, 99)}9${digitsOf(rng, 8)}`;
  return digitsOf(rng, country.iso === 'US' ? 10 : 9);
}

/**
 * The buyers of an account, produced on demand from `(seed, index)`: an account may have hundreds of thousands
 * and only those a request touches are ever built. Ucodes and e-mails embed the index, so both lookups are
 * arithmetic (`indexOfUcode`, `indexOfEmail`).
 *
 * @example
 * const buyers = new BuyerDirectory(7, 1000);
 * const first = buyers.at(0);
 * buyers.indexOfEmail(first.email); // 0
 */
export class BuyerDirectory {
  readonly seed: number;
  readonly count: number;

  constructor(seed: number, count: number) {
    this.seed = seed;
    this.count = count;
  }

  /** The buyer's country, from its own hash so sale generation can price by country without building the buyer. */
  countryOf(index: number): CountryProfile {
    return countryFor(unit(hash32(this.seed, index, STREAM_BUYER_COUNTRY)));
  }

  ucodeOf(index: number): string {
    return personUcode(this.seed, UCODE_KIND.buyer, index, true);
  }

  /** The name draws come first in a buyer's sequence, so a name is cheap to get without the rest. */
  #names(index: number): {
    rng: Rng;
    country: CountryProfile;
    first: string;
    last: string;
    lastName: string;
  } {
    const country = this.countryOf(index);
    const rng = new Rng(hash32(this.seed, index, STREAM_BUYER));
    const first = rng.pick(country.firstNames);
    const middle = rng.pick(country.lastNames);
    const last = rng.pick(country.lastNames);
    const twoSurnames = country.iso !== 'US' && country.iso !== 'GB' && rng.chance(0.6) && middle !== last;
    return { rng, country, first, last, lastName: twoSurnames ? `${middle} ${last}` : last };
  }

  /** The full name of buyer `index`, without building the rest of the record. */
  nameOf(index: number): string {
    const { first, lastName } = this.#names(index);
    return `${first} ${lastName}`;
  }

  /**
   * The name and e-mail of buyer `index`, without building the rest of the record: the e-mail domain is the
   * first draw after the names, so this agrees with `at(index)`.
   */
  contactOf(index: number): { name: string; email: string } {
    if (!Number.isInteger(index) || index < 0 || index >= this.count)
      throw new RangeError(`no buyer ${index}`);
    const { rng, first, last, lastName } = this.#names(index);
    return { name: `${first} ${lastName}`, email: emailOf(rng, first, last, index) };
  }

  at(index: number): Buyer {
    if (!Number.isInteger(index) || index < 0 || index >= this.count)
      throw new RangeError(`no buyer ${index}`);
    const { rng, country, first, last, lastName } = this.#names(index);
    return {
      ucode: this.ucodeOf(index),
      name: `${first} ${lastName}`,
      first_name: first,
      last_name: lastName,
      email: emailOf(rng, first, last, index),
      phone: phoneIn(rng, country),
      phone_code: country.phoneCode,
      document: documentFor(rng, country),
      document_type: country.documentType,
      locale: country.locale,
      address: addressIn(rng, country),
    };
  }

  /** The index a generated buyer ucode names, if it is one of this directory's. */
  indexOfUcode(ucode: string): number | undefined {
    const index = ucodeIndex(this.seed, UCODE_KIND.buyer, ucode);
    return index !== undefined && index < this.count ? index : undefined;
  }

  /** The index of the generated buyer with this e-mail (case-insensitive), if any. */
  indexOfEmail(email: string): number | undefined {
    const match = /(\d+)@/.exec(email);
    if (!match) return undefined;
    const index = Number(match[1]);
    if (!Number.isSafeInteger(index) || index >= this.count) return undefined;
    return this.at(index).email.toLowerCase() === email.toLowerCase() ? index : undefined;
  }
}

/**
 * The account owner: the producer of every product, and the user of `GET /user/api/v1/me` (reference §4.8).
 *
 * @example
 * const producer = generateProducer(new Rng(7), 7);
 */
export function generateProducer(rng: Rng, seed: number): Producer {
  const company = rng.chance(0.3);
  const first = rng.pick(BRAZIL.firstNames);
  const last = rng.pick(BRAZIL.lastNames);
  const name = company ? `${last} Educação Digital Ltda` : `${first} ${rng.pick(BRAZIL.lastNames)} ${last}`;
  const email = `${slugify(first, '.')}.${slugify(last, '.')}@producer.example.com`;
  return {
    id: rng.int(1_000_000, 9_999_999),
    ucode: personUcode(seed, UCODE_KIND.producer, 0),
    name,
    email,
    login: email,
    document: company ? cnpj(rng) : cpf(rng),
    locale: 'pt_BR',
    time_zone: 'America/Sao_Paulo',
    currency_code_commission: 'BRL',
    entity_type: company ? 'COMPANY' : 'PERSON',
    address: addressIn(rng, BRAZIL),
  };
}

/**
 * `count` affiliates with Hotmart-shaped codes (a letter, eight digits, a letter: `Q58388177J`).
 *
 * @example
 * const affiliates = generateAffiliates(new Rng(7), 7, 10);
 */
export function generateAffiliates(rng: Rng, seed: number, count: number): Affiliate[] {
  const letters = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
  const seen = new Set<string>();
  const affiliates: Affiliate[] = [];
  for (let index = 0; affiliates.length < count; index++) {
    const code = `${rng.pick(letters)}${digitsOf(rng, 8)}${rng.pick(letters)}`;
    if (seen.has(code)) continue;
    seen.add(code);
    const country = rng.chance(0.8) ? BRAZIL : countryFor(rng.next());
    const first = rng.pick(country.firstNames);
    const last = rng.pick(country.lastNames);
    affiliates.push({
      affiliate_code: code,
      ucode: personUcode(seed, UCODE_KIND.affiliate, index),
      name: `${first} ${last}`,
      email: `${slugify(first, '.')}.${slugify(last, '.')}.afiliado${index}@example.net`,
    });
  }
  return affiliates;
}

/**
 * A co-producer with a share of the producer's net between 20 % and 50 %.
 *
 * @example
 * const partner = generateCoProducer(new Rng(7), 7, 0);
 */
export function generateCoProducer(rng: Rng, seed: number, index: number): CoProducer {
  const first = rng.pick(BRAZIL.firstNames);
  const last = rng.pick(BRAZIL.lastNames);
  return {
    ucode: personUcode(seed, UCODE_KIND.coProducer, index),
    name: `${first} ${last}`,
    email: `${slugify(first, '.')}.${slugify(last, '.')}.coprodutor@example.org`,
    share: rng.pick([0.2, 0.25, 0.3, 0.4, 0.5]),
  };
}
